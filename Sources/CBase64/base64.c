// Base64 blocks with SSSE3: W. Muła and D. Lemire, "Faster Base64 Encoding and Decoding Using AVX2
// Instructions" (ACM TWEB 2018), the 128-bit form. Each character is checked and mapped by two
// nibble lookups (pshufb) instead of a table load a character, and four six-bit values are packed
// into three bytes by two multiply-adds. The repairs mail needs (stray characters, padding, a line
// break inside a quantum, defects) stay in Swift: this takes the clean runs, across the line breaks
// that end every line of an encoded attachment.
#include "CBase64.h"

/// A character's six-bit value, or -1 outside the alphabet.
static const int8_t values[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

/// Whole quanta one at a time, while four characters in a row are in the alphabet.
static size_t decode_quanta(const uint8_t *src, size_t length, size_t *at, uint8_t *dst) {
    size_t i = *at, n = 0;
    while (i + 4 <= length) {
        int a = values[src[i]], b = values[src[i + 1]], c = values[src[i + 2]], d = values[src[i + 3]];
        if ((a | b | c | d) < 0) break;
        uint32_t v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 | (uint32_t)d;
        dst[n] = (uint8_t)(v >> 16);
        dst[n + 1] = (uint8_t)(v >> 8);
        dst[n + 2] = (uint8_t)v;
        n += 3;
        i += 4;
    }
    *at = i;
    return n;
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

/// Sixteen characters at a time while all sixteen are in the alphabet.
__attribute__((target("ssse3")))
static size_t decode_blocks(const uint8_t *src, size_t length, size_t *at, uint8_t *dst) {
    // A character is outside the alphabet when the bits its low and high nibbles select share one.
    const __m128i lut_lo = _mm_setr_epi8(0x15, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11,
                                         0x11, 0x11, 0x13, 0x1A, 0x1B, 0x1B, 0x1B, 0x1A);
    const __m128i lut_hi = _mm_setr_epi8(0x10, 0x10, 0x01, 0x02, 0x04, 0x08, 0x04, 0x08,
                                         0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10);
    // What to add to a character to get its value, by high nibble ("/" moved to index 1).
    const __m128i lut_roll = _mm_setr_epi8(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);
    const __m128i mask_2f = _mm_set1_epi8(0x2f);
    const __m128i merge_pairs = _mm_set1_epi32(0x01400140);
    const __m128i merge_quads = _mm_set1_epi32(0x00011000);
    const __m128i pack = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1);
    size_t i = *at, n = 0;
    while (i + 16 <= length) {
        __m128i in = _mm_loadu_si128((const __m128i *)(src + i));
        __m128i hi_nibbles = _mm_and_si128(_mm_srli_epi32(in, 4), mask_2f);
        __m128i lo_nibbles = _mm_and_si128(in, mask_2f);
        __m128i lo = _mm_shuffle_epi8(lut_lo, lo_nibbles);
        __m128i hi = _mm_shuffle_epi8(lut_hi, hi_nibbles);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(lo, hi), _mm_setzero_si128())) != 0xFFFF) break;
        __m128i eq_2f = _mm_cmpeq_epi8(in, mask_2f);
        __m128i sextets = _mm_add_epi8(in, _mm_shuffle_epi8(lut_roll, _mm_add_epi8(eq_2f, hi_nibbles)));
        // ab and cd as twelve-bit pairs, then abcd as 24 bits in each 32-bit lane, then its three bytes in order.
        __m128i quads = _mm_madd_epi16(_mm_maddubs_epi16(sextets, merge_pairs), merge_quads);
        _mm_storeu_si128((__m128i *)(dst + n), _mm_shuffle_epi8(quads, pack));
        i += 16;
        n += 12;
    }
    *at = i;
    return n;
}

static int has_blocks(void) {
    // A bit test of what the processor said at start-up.
    return __builtin_cpu_supports("ssse3");
}
#else
static size_t decode_blocks(const uint8_t *src, size_t length, size_t *at, uint8_t *dst) {
    (void)src;
    (void)length;
    (void)at;
    (void)dst;
    return 0;
}

static int has_blocks(void) { return 0; }
#endif

size_t intake_base64_decode_runs(const uint8_t *src, size_t length, uint8_t *dst, size_t *consumed) {
    int blocks = has_blocks();
    size_t i = 0, n = 0;
    for (;;) {
        if (blocks) n += decode_blocks(src, length, &i, dst + n);
        n += decode_quanta(src, length, &i, dst + n);
        // A line break between whole quanta (every line of an encoded attachment ends with one).
        if (i + 1 < length && src[i] == '\r' && src[i + 1] == '\n') i += 2;
        else if (i < length && src[i] == '\n') i += 1;
        else break;
    }
    *consumed = i;
    return n;
}
