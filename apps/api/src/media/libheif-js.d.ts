// libheif-js ships no type declarations; this covers the part Keepsake uses.
declare module 'libheif-js/wasm-bundle.js' {
  interface HeifImage {
    get_width(): number;
    get_height(): number;
    is_primary(): boolean;
    display(
      target: { data: Uint8ClampedArray; width: number; height: number },
      callback: (result: { data: Uint8ClampedArray } | null) => void,
    ): void;
    free(): void;
  }
  class HeifDecoder {
    decode(buffer: Uint8Array): HeifImage[];
    decoder?: { delete?: () => void };
  }
  const libheif: { HeifDecoder: typeof HeifDecoder };
  export default libheif;
}
