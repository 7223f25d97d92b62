/* geo.h -- great-circle distance between towns, in whole metres.
 *
 * Haversine on a sphere of radius 6371.0088 km (the mean Earth radius),
 * rounded to the nearest metre so that costs are integers and every
 * formulation (rehouse, glpsol on models/) sees the same numbers. */
#ifndef RH_GEO_H
#define RH_GEO_H

#include <stdint.h>

int64_t geo_distance_m(double lat1, double lon1, double lat2, double lon2);

#endif
