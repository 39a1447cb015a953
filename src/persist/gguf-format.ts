/**
 * The GGUF container as data (the ggml project's `docs/gguf.md`, version 3, little-endian):
 * the magic, the metadata value types, the tensor types this build reads and writes, and the
 * shapes shared by {@link writeGguf} and {@link readGguf}.
 *
 * Tensor dimensions are kept in ggml's order: `dims[0]` is the fastest-varying (contiguous)
 * axis, so a row-major matrix of n rows × 45 columns has `dims = [45, n]`. Tensor types are
 * limited to the element types with a fixed width (floats and signed integers); block-quantized
 * ggml types (Q4_0, Q8_0, …) are refused as unsupported, because this project never needs their
 * block tables. Q9_0 is not a ggml type: D9 stores its blocks as I8 bytes (see docs/formats/gguf.md).
 */
import { assert } from '../core/index.ts';

/** The first four bytes of every GGUF file: "GGUF". */
export const ggufMagicBytes: Uint8Array = Uint8Array.of(0x47, 0x47, 0x55, 0x46);
/** The GGUF version {@link writeGguf} writes. */
export const ggufVersion = 3;
/** GGUF versions {@link readGguf} accepts: 2 and 3 share one little-endian layout. */
export const ggufVersionsReadable: readonly number[] = [2, 3];
/** Alignment of tensor data when `general.alignment` is absent, in bytes. */
export const ggufAlignmentBytesDefault = 32;
/** The metadata key naming the alignment (a u32 power of two). */
export const ggufAlignmentKey = 'general.alignment';
/** Most dimensions of one tensor (GGML_MAX_DIMS). */
export const ggufTensorDimsMax = 4;
/** Most bytes of a tensor name (GGML_MAX_NAME is 64 with the terminating NUL). */
export const ggufTensorNameBytesMax = 63;

/** GGML tensor types this build handles: the id written in the file and the element width. */
export const ggmlTensorTypes = {
  F32: { id: 0, elementBytes: 4 },
  F16: { id: 1, elementBytes: 2 },
  I8: { id: 24, elementBytes: 1 },
  I16: { id: 25, elementBytes: 2 },
  I32: { id: 26, elementBytes: 4 },
  I64: { id: 27, elementBytes: 8 },
  F64: { id: 28, elementBytes: 8 },
  BF16: { id: 30, elementBytes: 2 },
} as const;

/** A tensor type name, e.g. `'F32'`. */
export type GgmlTensorType = keyof typeof ggmlTensorTypes;

/** GGUF metadata value type ids (`gguf_metadata_value_type`). */
export const ggufValueTypeIds = {
  u8: 0, i8: 1, u16: 2, i16: 3, u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10, i64: 11, f64: 12,
} as const;

/** Metadata value types held in a JS number. */
export type GgufNumberType = 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64';
/** Metadata value types held in a bigint (64-bit integers). */
export type GgufBigIntType = 'u64' | 'i64';
/** Metadata value types an array may hold: every type except `array` (nesting is refused). */
export type GgufScalarType = GgufNumberType | GgufBigIntType | 'bool' | 'string';
/** One array item: its JS type follows the array's item type. */
export type GgufScalar = number | bigint | boolean | string;

/** One metadata value with its GGUF type. */
export type GgufValue =
  | { readonly type: GgufNumberType; readonly value: number }
  | { readonly type: GgufBigIntType; readonly value: bigint }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'array'; readonly itemType: GgufScalarType; readonly value: readonly GgufScalar[] };

/** A tensor to write. */
export interface GgufTensorInput {
  /** Its name: 1..63 bytes of UTF-8, unique in the file. */
  readonly name: string;
  readonly type: GgmlTensorType;
  /** Its shape in ggml order (contiguous axis first): 1..4 dimensions, each ≥ 1. */
  readonly dims: readonly number[];
  /** Its elements, little-endian: exactly {@link ggufTensorBytes}(type, dims) bytes. */
  readonly data: Uint8Array;
}

/** A tensor read from a file. `data` is a view into the file's bytes. */
export interface GgufTensor extends GgufTensorInput {
  /** Where its data starts, relative to the data section (a multiple of the alignment). */
  readonly offsetBytes: number;
}

/** A parsed GGUF file. */
export interface GgufFile {
  /** The version in the header (2 or 3). */
  readonly version: number;
  /** Alignment of the data section and of every tensor offset, in bytes. */
  readonly alignmentBytes: number;
  /** Metadata in file order; keys are unique. */
  readonly metadata: ReadonlyMap<string, GgufValue>;
  /** Tensor infos in file order. */
  readonly tensors: readonly GgufTensor[];
  /** Where the data section starts in the file, in bytes. */
  readonly dataOffsetBytes: number;
}

/**
 * The tensor type named by a file's type id.
 * @param id - a `ggml_type` value
 * @returns the name, or undefined when this build does not handle the type
 */
export function ggmlTensorTypeOf(id: number): GgmlTensorType | undefined {
  for (const [name, info] of Object.entries(ggmlTensorTypes)) if (info.id === id) return name as GgmlTensorType;
  return undefined;
}

/**
 * Elements of a tensor of shape `dims`.
 * @param dims - 1..4 positive integers
 */
export function ggufTensorElements(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/**
 * Bytes of a tensor's data.
 * @param type - the tensor type
 * @param dims - its shape
 */
export function ggufTensorBytes(type: GgmlTensorType, dims: readonly number[]): number {
  return ggmlTensorTypes[type].elementBytes * ggufTensorElements(dims);
}

/**
 * `offset` rounded up to a multiple of `alignment`.
 * @param offset - bytes, ≥ 0
 * @param alignment - a power of two
 */
export function ggufAlignUp(offset: number, alignment: number): number {
  assert(Number.isSafeInteger(offset) && offset >= 0 && isGgufAlignment(alignment), 'ggufAlignUp() takes a byte count and a power of two');
  return Math.ceil(offset / alignment) * alignment;
}

/**
 * True when `value` is a positive power of two (a valid alignment).
 * @param value - any number
 */
export function isGgufAlignment(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0 && (value & (value - 1)) === 0 && value <= 2 ** 30;
}
