/* geo.c -- haversine distance. */
#include "geo.h"

#include <math.h>

int64_t geo_distance_m(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371008.8, rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) +
               cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1.0)
        a = 1.0;
    double c = 2.0 * atan2(sqrt(a), sqrt(1.0 - a));
    return (int64_t)llround(r * c);
}
