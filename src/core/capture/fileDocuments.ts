/**
 * A capture file's documents in canonical OTLP/JSON (the form canonicalJson.ts writes): each goes through the
 * exact transcoder to protobuf and back, which checks its shape (naming the field) and normalises snake_case keys,
 * enum names and numbers-for-strings, so export and replay treat every file alike.
 */
import { DecodeError, type Signal } from '../model/records';
import { jsonToProtobuf } from '../forward/transcode/jsonToProtobuf';
import { protobufToJson } from '../forward/transcode/protobufToJson';
import type { JsonObject } from '../otlp/json/common';
import { readCapture, type ReadOptions, type ReadProblems } from './captureReader';

export interface CanonicalDocument {
  line: number;
  signal: Signal;
  doc: JsonObject;
  /** The same request as protobuf (what an http/protobuf or gRPC endpoint takes). */
  protobuf: Uint8Array;
}

export async function* canonicalDocuments(file: string, problems: ReadProblems, options: ReadOptions = {}): AsyncGenerator<CanonicalDocument> {
  const read = await readCapture(file, problems, options);
  for await (const { line, signal, doc } of read.documents) {
    let protobuf: Uint8Array;
    try {
      protobuf = jsonToProtobuf(signal, Buffer.from(JSON.stringify(doc)));
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      problems.add(line, err.message);
      continue;
    }
    yield { line, signal, doc: JSON.parse(Buffer.from(protobufToJson(signal, protobuf)).toString('utf8')) as JsonObject, protobuf };
  }
}
