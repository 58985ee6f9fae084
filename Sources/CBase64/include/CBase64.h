#ifndef INTAKE_CBASE64_H
#define INTAKE_CBASE64_H

#include <stddef.h>
#include <stdint.h>

/// Decodes base64 while it is clean: whole quanta of the alphabet (A–Z a–z 0–9 + /), sixteen
/// characters at a time where the processor has SSSE3, and the line breaks (CRLF or LF) between
/// whole quanta. Stops before anything else ("=", a stray character, a space, a line break inside a
/// quantum) or fewer than four characters left: the caller's decoder goes on from `consumed`, at the
/// start of a quantum. Returns the bytes written. A block stores sixteen bytes to keep twelve: `dst`
/// needs four bytes of room past what is kept.
size_t intake_base64_decode_runs(const uint8_t *src, size_t length, uint8_t *dst, size_t *consumed);

#endif
