/**
 * A recorded request as the OTLP/JSON line the Collector's file exporter writes: lowerCamelCase keys, hex ids,
 * 64-bit integers as decimal strings. It is transcoded from the bytes as received (a JSON body goes through
 * protobuf once, so every line has one canonical form), never rebuilt from the store's records, whose times are
 * doubles: this way ids, attributes and timestamps go out exactly as the app sent them, to the nanosecond.
 */
import type { Signal } from '../model/records';
import type { Encoding } from '../otlp/decode';
import { protobufToJson } from '../forward/transcode/protobufToJson';
import { transcode } from '../forward/transcode/transcode';

export function canonicalJson(signal: Signal, encoding: Encoding, body: Uint8Array): string {
  return Buffer.from(protobufToJson(signal, transcode(signal, body, encoding, 'protobuf'))).toString('utf8');
}
