/**
 * Protobuf → OTLP/JSON for the three Export*ServiceRequest messages, as the OTLP/JSON mapping writes them:
 * lowerCamelCase keys, hex trace/span ids, 64-bit integers as decimal strings (every bit kept), enums as numbers,
 * other bytes as base64, NaN and infinities as their proto3 JSON strings. Fields the schema does not know are
 * dropped. Used when a protobuf (or gRPC) request goes on to an `http/json` upstream.
 */
import { DecodeError, type Signal } from '../../model/records';
import { ProtoReader, WireType } from '../../otlp/protobuf/reader';
import { int64Text } from './int64Text';
import { wireType } from './jsonToProtobuf';
import { messageDef, REQUEST_MESSAGE, type FieldDef, type MessageDef } from './otlpSchema';

const MAX_DEPTH = 128;

export function protobufToJson(signal: Signal, body: Uint8Array): Uint8Array {
  const r = new ProtoReader(body);
  const value = readMessage(r, messageDef(REQUEST_MESSAGE[signal]), body.length, 0);
  return Buffer.from(JSON.stringify(value), 'utf8');
}

type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue };

function readMessage(r: ProtoReader, def: MessageDef, end: number, depth: number): Record<string, JsonValue> {
  if (depth > MAX_DEPTH) throw new DecodeError(`invalid protobuf: ${def.name} nested more than ${MAX_DEPTH} levels`);
  const out: Record<string, JsonValue> = {};
  while (r.pos < end) {
    const tag = r.tag();
    const f = def.byNumber.get(tag >>> 3);
    const wt = tag & 7;
    if (!f) {
      r.skip(tag);
      continue;
    }
    if (f.packed && wt === WireType.LengthDelimited) {
      const runEnd = r.messageEnd();
      const list = (out[f.json] ??= []) as JsonValue[];
      while (r.pos < runEnd) list.push(readScalar(r, f));
      r.checkEnd(runEnd, `${def.name}.${f.proto}`);
      continue;
    }
    // A known field with an unexpected wire type is skipped like an unknown one, as the decoders do.
    if (wt !== wireType(f)) {
      r.skip(tag);
      continue;
    }
    const value = f.kind === 'message' ? readEmbedded(r, f, depth) : readScalar(r, f);
    if (f.repeated) ((out[f.json] ??= []) as JsonValue[]).push(value);
    else out[f.json] = value;
  }
  r.checkEnd(end, def.name);
  return out;
}

function readEmbedded(r: ProtoReader, f: FieldDef, depth: number): JsonValue {
  const end = r.messageEnd();
  return readMessage(r, messageDef(f.message!), end, depth + 1);
}

function readScalar(r: ProtoReader, f: FieldDef): JsonValue {
  switch (f.kind) {
    case 'string':
      return r.string();
    case 'bool':
      return r.bool();
    case 'enum':
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'sint32':
      return r.sint32();
    case 'fixed32':
      return r.fixed32();
    case 'int64':
    case 'uint64':
      r.varint64();
      return int64Text(r.lo, r.hi, f.kind === 'int64');
    case 'fixed64':
    case 'sfixed64':
      r.fixed64Parts();
      return int64Text(r.lo, r.hi, f.kind === 'sfixed64');
    case 'double': {
      const d = r.double();
      return Number.isFinite(d) ? d : Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
    }
    case 'bytes':
      return r.bytesBase64();
    case 'id':
      return r.bytesHex();
    case 'message':
      throw new Error('messages are not scalars');
  }
}
