/**
 * The JSON Schema (draft 7) keywords Slack's manifest schema uses, checked: $ref (local), type, enum,
 * properties, patternProperties, additionalProperties, required, min/maxProperties, items, min/maxItems,
 * uniqueItems, min/maxLength, pattern, anyOf. Annotations (description, default, format) are not checked.
 * Returns the problems found, each with its path; none means valid.
 */
type Schema = Record<string, any> | boolean;

export function schemaProblems(root: Record<string, any>, value: unknown): string[] {
  const problems: string[] = [];
  const resolve = (ref: string): Schema =>
    ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((node: any, part) => node?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], root);
  const typeOf = (v: unknown) =>
    v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v;
  const typeMatches = (v: unknown, type: string) => typeOf(v) === type || (type === "number" && typeOf(v) === "integer");

  function check(schema: Schema, v: unknown, path: string, out: string[]): void {
    if (schema === true) return;
    if (schema === false) return void out.push(`${path}: not allowed`);
    if (schema.$ref) return check(resolve(schema.$ref), v, path, out);
    if (schema.type) {
      const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
      if (!types.some((type) => typeMatches(v, type))) return void out.push(`${path}: ${typeOf(v)}, expected ${types.join("|")}`);
    }
    if (schema.enum && !schema.enum.some((option: unknown) => JSON.stringify(option) === JSON.stringify(v))) out.push(`${path}: not one of ${JSON.stringify(schema.enum)}`);
    if (schema.anyOf && !schema.anyOf.some((option: Schema) => {
      const inner: string[] = [];
      check(option, v, path, inner);
      return inner.length === 0;
    })) out.push(`${path}: matches none of anyOf`);
    if (typeof v === "string") {
      if (schema.minLength !== undefined && v.length < schema.minLength) out.push(`${path}: shorter than ${schema.minLength}`);
      if (schema.maxLength !== undefined && v.length > schema.maxLength) out.push(`${path}: longer than ${schema.maxLength}`);
      if (schema.pattern && !new RegExp(schema.pattern, "u").test(v)) out.push(`${path}: does not match ${schema.pattern}`);
    }
    if (Array.isArray(v)) {
      if (schema.minItems !== undefined && v.length < schema.minItems) out.push(`${path}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && v.length > schema.maxItems) out.push(`${path}: more than ${schema.maxItems} items`);
      if (schema.uniqueItems && new Set(v.map((item) => JSON.stringify(item))).size !== v.length) out.push(`${path}: items not unique`);
      if (schema.items && !Array.isArray(schema.items)) v.forEach((item, index) => check(schema.items, item, `${path}[${index}]`, out));
    }
    if (typeOf(v) === "object") {
      const object = v as Record<string, unknown>;
      const keys = Object.keys(object);
      for (const key of schema.required ?? []) if (!(key in object)) out.push(`${path}: missing ${key}`);
      if (schema.minProperties !== undefined && keys.length < schema.minProperties) out.push(`${path}: fewer than ${schema.minProperties} properties`);
      if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) out.push(`${path}: more than ${schema.maxProperties} properties`);
      for (const key of keys) {
        const at = `${path}.${key}`;
        let matched = false;
        if (schema.properties?.[key] !== undefined) {
          matched = true;
          check(schema.properties[key], object[key], at, out);
        }
        for (const [pattern, inner] of Object.entries(schema.patternProperties ?? {})) {
          if (new RegExp(pattern, "u").test(key)) {
            matched = true;
            check(inner as Schema, object[key], at, out);
          }
        }
        if (!matched && schema.additionalProperties !== undefined) check(schema.additionalProperties, object[key], at, out);
      }
    }
  }

  check(root, value, "manifest", problems);
  return problems;
}
