/** One request body from the encoding it arrived in to the one an upstream takes; the same bytes when they match. */
import type { Signal } from '../../model/records';
import type { Encoding } from '../../otlp/decode';
import { jsonToProtobuf } from './jsonToProtobuf';
import { protobufToJson } from './protobufToJson';

export function transcode(signal: Signal, body: Uint8Array, from: Encoding, to: Encoding): Uint8Array {
  if (from === to) return body;
  return to === 'protobuf' ? jsonToProtobuf(signal, body) : protobufToJson(signal, body);
}
