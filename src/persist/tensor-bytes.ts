/**
 * Typed arrays to and from the little-endian bytes of tensor data. GGUF is little-endian and
 * so is every platform Node 20 ships for (x64, arm64), which is asserted at load: the bytes of
 * a typed array are then already the file's bytes and a copy is the only work.
 */
import { assert } from '../core/index.ts';

assert(new Uint8Array(Uint16Array.of(1).buffer)[0] === 1, 'the host is little-endian');

/** A typed array whose bytes can be tensor data. */
export type TensorArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Float32Array | Float64Array;

/**
 * The little-endian bytes of a typed array (a view, not a copy).
 * @param array - any typed array
 */
export function tensorBytesOf(array: TensorArray): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Tensor data as float32 values (copied, so the result is aligned whatever the source offset).
 * @param data - a multiple of 4 bytes
 */
export function float32sOf(data: Uint8Array): Float32Array {
  assert(data.length % 4 === 0, 'float32 data is a multiple of 4 bytes');
  return new Float32Array(data.slice().buffer);
}

/**
 * Tensor data as float64 values (copied).
 * @param data - a multiple of 8 bytes
 */
export function float64sOf(data: Uint8Array): Float64Array {
  assert(data.length % 8 === 0, 'float64 data is a multiple of 8 bytes');
  return new Float64Array(data.slice().buffer);
}

/**
 * Tensor data as int16 values (copied).
 * @param data - a multiple of 2 bytes
 */
export function int16sOf(data: Uint8Array): Int16Array {
  assert(data.length % 2 === 0, 'int16 data is a multiple of 2 bytes');
  return new Int16Array(data.slice().buffer);
}

/**
 * Tensor data as uint16 values (copied); float16 data is read this way.
 * @param data - a multiple of 2 bytes
 */
export function uint16sOf(data: Uint8Array): Uint16Array {
  assert(data.length % 2 === 0, 'uint16 data is a multiple of 2 bytes');
  return new Uint16Array(data.slice().buffer);
}

/**
 * Tensor data as int8 values (a view).
 * @param data - any bytes
 */
export function int8sOf(data: Uint8Array): Int8Array {
  return new Int8Array(data.buffer, data.byteOffset, data.byteLength);
}
