// The Public Suffix List (Debian's libpsl-dev): which part of a domain name an organization registered.
#ifndef INTAKE_CPSL_SHIM_H
#define INTAKE_CPSL_SHIM_H

#include <libpsl.h>

#endif
