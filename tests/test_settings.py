"""One reader of the environment for the library's settings and the service's, and one check of a method's name."""
from __future__ import annotations

from dataclasses import fields

import pytest

from highlights import Settings
from highlights.errors import SettingsError
from highlights.select.registry import SUMMARIZERS, check_method
from highlights.service import config
from highlights.service.config import LLM_TIMEOUT, ServiceSettings


def test_the_defaults_users_see():
    library, service = Settings(), ServiceSettings()
    assert (library.method, library.count, library.max_bytes, library.max_sentences, library.writer) == \
        ("ranker", 3, 5_000_000, None, "extract")
    assert (service.max_body_bytes, service.max_batch, service.max_sentences, service.timeout, service.threads,
            service.queue, service.body_timeout, service.api_key, service.db, service.allowed_hosts) == \
        (5_000_000, 32, 5_000, 10.0, 2, 16, 10.0, None, None, None)
    # the service's settings are the library's, with its own limits; only max_sentences has another default
    assert isinstance(service, Settings)
    differ = [f.name for f in fields(Settings) if getattr(library, f.name) != getattr(service, f.name)]
    assert differ == ["max_sentences"]


def test_every_field_is_read_from_its_variable():
    env = {"HIGHLIGHTS_METHOD": "lead", "HIGHLIGHTS_COUNT": "2", "HIGHLIGHTS_COMPRESS": "off",
           "HIGHLIGHTS_COMPRESS_RATE": "0.8", "HIGHLIGHTS_MAX_SENTENCES": "40", "HIGHLIGHTS_LLM_THREADS": "3",
           "HIGHLIGHTS_MAX_BATCH": "4", "HIGHLIGHTS_TIMEOUT": "2.5", "HIGHLIGHTS_DB": "x.db"}
    library, service = Settings.from_env(env), ServiceSettings.from_env(env)
    assert (library.method, library.count, library.compress, library.compress_rate, library.max_sentences,
            library.llm_threads) == ("lead", 2, False, 0.8, 40, 3)
    assert service.with_(max_batch=32, timeout=10.0, db=None) == ServiceSettings(**{
        f.name: getattr(library, f.name) for f in fields(Settings)})
    assert (service.max_batch, service.timeout, service.db) == (4, 2.5, "x.db")


def test_every_setting_reads_back_from_the_environment():
    env = {f"HIGHLIGHTS_{f.name.upper()}": str(int(value) if isinstance(value, bool) else value)
           for f in fields(ServiceSettings) if (value := getattr(ServiceSettings(), f.name)) is not None}
    assert ServiceSettings.from_env(env) == ServiceSettings()
    assert Settings.from_env(env) == Settings(max_sentences=5_000)  # the library reads its own fields from the same variables


def test_bad_and_empty_values():
    with pytest.raises(SettingsError, match="HIGHLIGHTS_COUNT='many' is not a valid int"):
        ServiceSettings.from_env({"HIGHLIGHTS_COUNT": "many"})
    with pytest.raises(SettingsError, match=r"HIGHLIGHTS_VERIFY='maybe' is not a valid flag"):
        Settings.from_env({"HIGHLIGHTS_VERIFY": "maybe"})
    with pytest.raises(SettingsError, match="max_sentences must be positive"):
        ServiceSettings.from_env({"HIGHLIGHTS_MAX_SENTENCES": "0"})
    # an empty value of a setting that may be unset leaves it unset; of one that may not, it is refused
    assert ServiceSettings.from_env({"HIGHLIGHTS_API_KEY": "", "HIGHLIGHTS_LLM_URL": ""}).llm_url is None
    with pytest.raises(SettingsError, match="HIGHLIGHTS_LLM_THREADS"):
        Settings.from_env({"HIGHLIGHTS_LLM_THREADS": ""})


def test_changes_win_over_the_environment_and_the_llm_writer_gets_more_time():
    env = {"HIGHLIGHTS_WRITER": "extract", "HIGHLIGHTS_COUNT": "4"}
    s = ServiceSettings.from_env(env, writer="llm", llm_model="tiny.gguf")
    assert (s.writer, s.llm_model, s.count, s.timeout) == ("llm", "tiny.gguf", 4, LLM_TIMEOUT)
    assert ServiceSettings.from_env({"HIGHLIGHTS_WRITER": "llm"}).timeout == LLM_TIMEOUT
    assert ServiceSettings.from_env({"HIGHLIGHTS_WRITER": "llm", "HIGHLIGHTS_TIMEOUT": "5"}).timeout == 5.0
    assert ServiceSettings.from_env({}).timeout == 10.0


def test_the_api_key_is_kept_out_of_repr():
    assert "s3cret" not in repr(ServiceSettings(api_key="s3cret"))


def test_the_hosts_a_service_answers_for():
    # without a key, the local names (the service tests add the test clients' "testserver" to them)
    assert ServiceSettings().hosts == config.LOCAL_HOSTS
    assert set(config.LOCAL_HOSTS) - {"testserver"} == {"localhost", "127.0.0.1", "::1"}
    assert ServiceSettings(api_key="k").hosts is None  # with a key, any host
    env = {"HIGHLIGHTS_ALLOWED_HOSTS": " News.Example.com:8080, [::1], 10.0.0.5,*.internal.example ,"}
    assert ServiceSettings.from_env(env).hosts == ("news.example.com", "::1", "10.0.0.5", "*.internal.example")
    assert ServiceSettings.from_env(env, api_key="k").hosts == ServiceSettings.from_env(env).hosts
    assert ServiceSettings(allowed_hosts="localhost, *").hosts is None
    assert ServiceSettings.from_env({"HIGHLIGHTS_ALLOWED_HOSTS": ""}).allowed_hosts is None  # unset: the default
    for bad in (",", "http://example.com", "example.com/news", "two words", "a:b:c.example"):
        with pytest.raises(SettingsError, match="^HIGHLIGHTS_ALLOWED_HOSTS"):
            ServiceSettings(allowed_hosts=bad)


@pytest.mark.parametrize("key, problem", [("clé-secrète", "printable ASCII"), ("tab\tkey", "printable ASCII"),
                                          (" s3cret", "space"), ("s3cret ", "space")])
def test_a_key_no_client_could_send_is_refused_at_start_up(key, problem):
    with pytest.raises(SettingsError, match=f"^HIGHLIGHTS_API_KEY .*{problem}") as refused:
        ServiceSettings.from_env({"HIGHLIGHTS_API_KEY": key})
    assert key.strip() not in str(refused.value)  # the message never shows the key
    assert ServiceSettings(api_key="Aa0-._~+/=!#$%&*^|:; inner space").api_key  # any printable ASCII


def test_one_check_of_a_methods_name_lists_the_valid_ones():
    assert [check_method(name) for name in SUMMARIZERS] == list(SUMMARIZERS)
    with pytest.raises(SettingsError, match="^unknown method 'nope'; choose one of lead, centrality, ranker$"):
        check_method("nope")
    with pytest.raises(SettingsError, match="^unknown method 'ranker'; choose one of lead$"):
        check_method("ranker", ["lead"])
    with pytest.raises(SettingsError, match="choose one of none"):
        check_method("lead", [])
    assert check_method("lead+compress", ["lead", "oracle"], suffixes=("+compress", "+llm")) == "lead+compress"
    with pytest.raises(SettingsError, match=r"'nope\+llm'; choose one of lead \(each may end in \+compress or \+llm\)"):
        check_method("nope+llm", ["lead"], suffixes=("+compress", "+llm"))
