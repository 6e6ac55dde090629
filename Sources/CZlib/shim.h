// The system's zlib for Swift. deflateInit2 is a function-like macro (it passes zlib's version
// and the stream's size), which Swift cannot call; this inline function can.
#include <zlib.h>

static inline int CZlib_deflateInit2(z_streamp stream, int level, int method, int windowBits,
                                     int memLevel, int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}
