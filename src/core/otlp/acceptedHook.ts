import type { Signal } from '../model/records';
import type { Encoding } from './decode';

/**
 * Called by a receiver after it accepted and answered a request, with the body as decoded from the wire
 * (decompressed; protobuf for gRPC): the forwarder's tee. It must return at once and never throw.
 */
export type AcceptedHook = (signal: Signal, encoding: Encoding, body: Uint8Array) => void;
