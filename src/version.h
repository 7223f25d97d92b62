/* version.h -- the rehouse version, written into every plan's summary. */
#ifndef RH_VERSION_H
#define RH_VERSION_H
#define RH_VERSION "0.1.0"
#endif
