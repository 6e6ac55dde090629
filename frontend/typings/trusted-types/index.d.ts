// Debian ships @types/dompurify but not the @types/trusted-types it references.
// The DOM lib of TypeScript 4.8 has no TrustedHTML either, so declare the one type it uses.
interface TrustedHTML {
  readonly __brand: "TrustedHTML";
}
