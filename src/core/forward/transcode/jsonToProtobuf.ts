/**
 * OTLP/JSON → protobuf for the three Export*ServiceRequest messages, exactly: 64-bit integers keep every bit
 * (decimal strings through BigInt), hex trace/span ids become bytes, base64 bytes stay bytes, enum names become
 * numbers. Keys may be lowerCamelCase or the .proto names, as the receiver's JSON decoder accepts; fields the
 * schema does not know are dropped. Used when a JSON request goes on to a protobuf or gRPC upstream.
 */
import { DecodeError, type Signal } from '../../model/records';
import { WireType } from '../../otlp/protobuf/reader';
import { ProtoWriter } from '../../otlp/protobuf/writer';
import { int64Parts } from './int64Text';
import { messageDef, REQUEST_MESSAGE, type FieldDef, type MessageDef } from './otlpSchema';

/** Nesting allowed (AnyValue arrays and maps nest); far above real OTLP, below the stack's limit. */
const MAX_DEPTH = 128;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const NUMERAL = /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const utf8 = new TextDecoder('utf-8');

/** The protobuf body of a signal's OTLP/JSON request body; throws DecodeError naming the field path. */
export function jsonToProtobuf(signal: Signal, body: Uint8Array): Uint8Array {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(body));
  } catch (err) {
    throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  return encodeMessage(messageDef(REQUEST_MESSAGE[signal]), value, '', 0).finish();
}

function encodeMessage(def: MessageDef, value: unknown, path: string, depth: number): ProtoWriter {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DecodeError(`${path || def.name}: expected an object`);
  if (depth > MAX_DEPTH) throw new DecodeError(`${path}: nested more than ${MAX_DEPTH} levels`);
  const o = value as Record<string, unknown>;
  const w = new ProtoWriter();
  for (const f of def.fields) {
    let v = o[f.json];
    if (v === undefined || v === null) v = o[f.proto];
    if (v === undefined || v === null) continue;
    const at = path ? `${path}.${f.json}` : f.json;
    if (!f.repeated) {
      encodeField(w, f, v, at, depth);
      continue;
    }
    if (!Array.isArray(v)) throw new DecodeError(`${at}: expected an array`);
    if (f.packed) {
      const run = new ProtoWriter();
      v.forEach((x, i) => encodeScalar(run, f, x, `${at}[${i}]`));
      w.tag(f.no, WireType.LengthDelimited).bytes(run.finish());
    } else {
      v.forEach((x, i) => encodeField(w, f, x, `${at}[${i}]`, depth));
    }
  }
  return w;
}

function encodeField(w: ProtoWriter, f: FieldDef, v: unknown, path: string, depth: number): void {
  if (f.kind === 'message') {
    w.messageField(f.no, encodeMessage(messageDef(f.message!), v, path, depth + 1));
    return;
  }
  w.tag(f.no, wireType(f));
  encodeScalar(w, f, v, path);
}

export function wireType(f: FieldDef): number {
  switch (f.kind) {
    case 'fixed64':
    case 'sfixed64':
    case 'double':
      return WireType.Fixed64;
    case 'fixed32':
      return WireType.Fixed32;
    case 'string':
    case 'bytes':
    case 'id':
    case 'message':
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

/** A value without its tag (packed runs write values back to back). */
function encodeScalar(w: ProtoWriter, f: FieldDef, v: unknown, path: string): void {
  switch (f.kind) {
    case 'string':
      if (typeof v !== 'string') throw new DecodeError(`${path}: expected a string`);
      w.string(v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw new DecodeError(`${path}: expected true or false`);
      w.bool(v);
      return;
    case 'enum':
    case 'int32':
      w.int64(int32(f, v, path, true));
      return;
    case 'uint32':
      w.uint32(int32(f, v, path, false));
      return;
    case 'sint32':
      w.sint32(int32(f, v, path, true));
      return;
    case 'fixed32':
      w.fixed32(int32(f, v, path, false));
      return;
    case 'int64':
    case 'uint64': {
      const [lo, hi] = int64Parts(v, f.kind === 'int64', path);
      w.varint64(lo, hi);
      return;
    }
    case 'fixed64':
    case 'sfixed64': {
      const [lo, hi] = int64Parts(v, f.kind === 'sfixed64', path);
      w.fixed64Parts(lo, hi);
      return;
    }
    case 'double':
      w.double(double(v, path));
      return;
    case 'bytes':
      if (typeof v !== 'string' || !BASE64.test(v)) throw new DecodeError(`${path}: expected base64 bytes`);
      w.bytes(Buffer.from(v, 'base64'));
      return;
    case 'id':
      if (typeof v !== 'string' || !HEX.test(v)) throw new DecodeError(`${path}: expected a hex id of whole bytes`);
      w.bytes(Buffer.from(v, 'hex'));
      return;
    case 'message':
      throw new Error('messages are not scalars');
  }
}

function int32(f: FieldDef, v: unknown, path: string, signed: boolean): number {
  let n: unknown = v;
  if (typeof v === 'string') n = f.enumNames?.includes(v) ? f.enumNames.indexOf(v) : /^-?[0-9]+$/.test(v) ? Number(v) : NaN;
  if (typeof n === 'number' && Number.isInteger(n) && (signed ? n >= -0x80000000 && n <= 0x7fffffff : n >= 0 && n <= 0xffffffff)) return n;
  throw new DecodeError(`${path}: expected a ${f.kind === 'enum' ? 'enum number or name' : `${signed ? 'signed' : 'unsigned'} 32-bit integer`}, got ${JSON.stringify(v)}`);
}

function double(v: unknown, path: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (typeof v === 'string' && NUMERAL.test(v)) return Number(v);
  throw new DecodeError(`${path}: expected a number, got ${JSON.stringify(v)}`);
}
