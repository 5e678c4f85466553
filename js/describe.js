// A short description of any value, for error messages.

// For example: "Float64Array(3)", "Array(2)", "string 'sum'".
export function describe(value) {
  if (value === null) return 'null';
  if (value?.constructor?.name === 'ModuleArray') return `ModuleArray<${value.type.name}>(${value.length})`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length ?? value.byteLength})`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  switch (typeof value) {
    case 'string':
      return `string '${value}'`;
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
