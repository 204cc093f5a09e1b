/**
 * The JSON Schema subset the tools' inputs use (what MCP's `inputSchema` and VS Code's `languageModelTools`
 * take), and a checker for it: a model's arguments are checked here before a tool runs, so every tool reads typed,
 * in-range values, and a wrong argument comes back as one sentence the model can act on.
 */

export type PropertySchema =
  | { type: 'string'; description: string; enum?: readonly string[]; maxLength?: number }
  | { type: 'integer'; description: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description: string }
  | { type: 'array'; description: string; items: { type: 'string'; maxLength?: number } | StringMapSchema; maxItems?: number }
  | (StringMapSchema & { description: string });

/** An object of string values (a Pushgateway grouping key). */
export interface StringMapSchema {
  type: 'object';
  additionalProperties: { type: 'string' };
}

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, PropertySchema>;
  required?: readonly string[];
  additionalProperties: false;
}

export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/** Checks `value` against the schema; returns it (typed by the caller) or throws ToolInputError. */
export function checkToolInput(schema: ObjectSchema, value: unknown): Record<string, unknown> {
  const input = value ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new ToolInputError('the arguments must be an object');
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(key in schema.properties)) throw new ToolInputError(`unknown argument "${key}"; this tool takes ${Object.keys(schema.properties).join(', ') || 'no arguments'}`);
  }
  for (const key of schema.required ?? []) {
    if (o[key] === undefined || o[key] === null) throw new ToolInputError(`"${key}" is required`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(schema.properties)) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    out[key] = checkProperty(key, prop, v);
  }
  return out;
}

function checkProperty(key: string, prop: PropertySchema, v: unknown): unknown {
  switch (prop.type) {
    case 'string': {
      if (typeof v !== 'string') throw new ToolInputError(`"${key}" must be a string`);
      if (prop.enum && !prop.enum.includes(v)) throw new ToolInputError(`"${key}" must be one of ${prop.enum.join(', ')}; got "${v.slice(0, 40)}"`);
      if (prop.maxLength !== undefined && v.length > prop.maxLength) throw new ToolInputError(`"${key}" is longer than ${prop.maxLength} characters`);
      return v;
    }
    case 'integer': {
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new ToolInputError(`"${key}" must be a whole number`);
      if ((prop.minimum !== undefined && v < prop.minimum) || (prop.maximum !== undefined && v > prop.maximum)) {
        throw new ToolInputError(`"${key}" must be from ${prop.minimum ?? '-∞'} to ${prop.maximum ?? '∞'}; got ${v}`);
      }
      return v;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw new ToolInputError(`"${key}" must be true or false`);
      return v;
    case 'array': {
      if (!Array.isArray(v)) throw new ToolInputError(`"${key}" must be a list`);
      if (prop.maxItems !== undefined && v.length > prop.maxItems) throw new ToolInputError(`"${key}" may hold at most ${prop.maxItems} items`);
      return v.map((item, i) => checkProperty(`${key}[${i}]`, { ...prop.items, description: '' } as PropertySchema, item));
    }
    case 'object': {
      if (typeof v !== 'object' || Array.isArray(v)) throw new ToolInputError(`"${key}" must be an object of label names to values`);
      const map: Record<string, string> = {};
      for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
        if (typeof s !== 'string') throw new ToolInputError(`"${key}.${k}" must be a string`);
        map[k] = s;
      }
      return map;
    }
  }
}
