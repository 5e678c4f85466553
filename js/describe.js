// A short description of any value, for error messages.
import { ModuleArray } from './module-array.js';

// For example: "Float64Array(3)", "Array(2)", "string 'sum'", "ModuleArray<Float32Array>(4)".
export function describe(value) {
  if (value === null) return 'null';
  // instanceof, not constructor.name: a minifier renames the class.
  if (value instanceof ModuleArray) return `ModuleArray<${value.type.name}>(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length ?? value.byteLength})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  switch (typeof value) {
    case 'string':
      return `string '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return 'function';
    default:
      return value.constructor?.name ?? 'object';
  }
}
