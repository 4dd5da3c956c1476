/**
 * Binary websocket frames (RFC 6455 §5.2), encoded once and written to every peer's socket.
 *
 * ws frames each message again for each socket it is sent to (a header buffer, cork, a two-buffer
 * writev). A relay goes to every peer of a document, and writing to sockets is most of the
 * server's work: one frame per message, written as one buffer, is what "encode once, send to many"
 * means at the socket. Frames from the server are never masked and never compressed (the server
 * turns permessage-deflate off), so the bytes are the same for every peer.
 */

declare const framed: unique symbol;

/** A whole binary frame: a header, then the payload. */
export type BinaryFrame = Buffer & { readonly [framed]: true };

const FIN_BINARY = 0x82;

export function binaryFrame(payload: Uint8Array): BinaryFrame {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = FIN_BINARY;
  if (length < 126) {
    frame[1] = length;
  } else if (length <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame as BinaryFrame;
}
