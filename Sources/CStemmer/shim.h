// Snowball's stemmers (Debian's libstemmer-dev): word forms to a common stem, per language.
#ifndef INTAKE_CSTEMMER_SHIM_H
#define INTAKE_CSTEMMER_SHIM_H

#include <libstemmer.h>

#endif
