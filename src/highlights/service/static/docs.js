// A small, offline rendering of /openapi.json: operations, their bodies and answers, the schemas.
"use strict";

(async function () {
  const node = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  };
  const refName = (ref) => ref.split("/").pop();
  const plain = (text) => String(text).replace(/\s+/g, " ").replace(/\*\*|`/g, "");

  function typeOf(s) {
    if (!s) return "any";
    if (s.$ref) return refName(s.$ref);
    if (s.anyOf || s.oneOf) return (s.anyOf || s.oneOf).map(typeOf).join(" | ");
    if (s.type === "array") return `${typeOf(s.items)}[]`;
    if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
    let t = s.type || "object";
    if (s.format) t += ` (${s.format})`;
    return t;
  }

  function limits(s) {
    const bits = [];
    for (const [k, label] of [["minimum", "≥"], ["maximum", "≤"], ["minItems", "items ≥"], ["maxItems", "items ≤"],
      ["minLength", "length ≥"], ["maxLength", "length ≤"]]) {
      if (s && s[k] !== undefined) bits.push(`${label} ${s[k]}`);
    }
    for (const alt of (s && (s.anyOf || s.oneOf)) || []) bits.push(...limits(alt));
    return bits;
  }

  function schemaTable(schema) {
    const table = node("table");
    const head = node("tr");
    for (const h of ["field", "type", "required", "description"]) head.append(node("th", h));
    table.append(head);
    const required = new Set(schema.required || []);
    for (const [name, prop] of Object.entries(schema.properties || {})) {
      const row = node("tr");
      const cell = node("td");
      cell.append(node("code", name));
      row.append(cell, node("td", [typeOf(prop), ...limits(prop)].join(", ")),
        node("td", required.has(name) ? "yes" : ""), node("td", plain(prop.description || "")));
      table.append(row);
    }
    return table;
  }

  let spec;
  try {
    spec = await (await fetch("/openapi.json")).json();
  } catch (err) {
    document.getElementById("intro").append(node("p", "The OpenAPI description could not be loaded."));
    return;
  }
  const intro = document.getElementById("intro");
  intro.append(node("h2", `${spec.info.title} ${spec.info.version}`));
  for (const para of (spec.info.description || "").split(/\n\s*\n/)) {
    intro.append(node("p", plain(para)));
  }

  const ops = document.getElementById("operations");
  for (const [path, item] of Object.entries(spec.paths || {})) {
    for (const [verb, op] of Object.entries(item)) {
      const sec = node("section", null, "panel op");
      const h = node("h2");
      h.append(node("span", verb.toUpperCase(), `verb ${verb}`), node("span", path));
      sec.append(h, node("p", op.summary || ""));
      if (op.description) sec.append(node("p", plain(op.description)));
      if (op.security) sec.append(node("p", "Needs the API key: X-API-Key header or Authorization: Bearer."));
      const body = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
      if (body) {
        sec.append(node("h3", "Request body (JSON)"));
        sec.append(node("p", typeOf(body.schema)));
      }
      sec.append(node("h3", "Answers"));
      const table = node("table");
      for (const [code, res] of Object.entries(op.responses || {})) {
        const c = res.content && res.content["application/json"];
        const row = node("tr");
        row.append(node("td", code), node("td", c ? typeOf(c.schema) : ""), node("td", res.description || ""));
        table.append(row);
      }
      sec.append(table);
      ops.append(sec);
    }
  }

  const schemas = document.getElementById("schemas");
  for (const [name, schema] of Object.entries((spec.components || {}).schemas || {})) {
    const div = node("div", null, "schema");
    div.append(node("h3", name));
    if (schema.description) div.append(node("p", plain(schema.description)));
    if (schema.properties) div.append(schemaTable(schema));
    schemas.append(div);
  }
})();
