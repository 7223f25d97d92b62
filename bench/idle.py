#!/usr/bin/env python3
"""idle.py PLAN_INI PLAN_DIR -- idle affordable flats of a plan.

An idle affordable flat is an allocatable flat (status available,
available_on <= horizon_end) outside the plan for which some request of its
layout that takes part is short of units and whose payer's remaining cap
(capacity_cny - value_cny in payer_balance.csv; no cap: unlimited) covers
the flat's value.  Requests that take part: status served, partial or
unserved, and suspended under `suspended = hold`.  Prints the count.

Flat values are computed as rehouse does (model_unit_value): area in 1/100
m2 times price in cents per m2, rounded to whole cents, half up.
"""
import csv
import os
import sys


def cents(s):
    s = s.strip()
    if not s:
        return None
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    whole, _, frac = s.partition(".")
    v = int(whole or "0") * 100 + int((frac + "00")[:2])
    return -v if neg else v


def hundredths(s):
    whole, _, frac = s.strip().partition(".")
    return int(whole or "0") * 100 + int((frac + "00")[:2])


def main():
    ini, plan = sys.argv[1], sys.argv[2]
    base = os.path.dirname(ini)
    keys = {}
    for line in open(ini, encoding="utf-8"):
        line = line.split(";")[0].strip()
        if "=" in line:
            k, v = line.split("=", 1)
            keys[k.strip()] = v.strip()
    horizon = keys.get("horizon_end") or "%s-12-31" % keys.get("year", "9999")
    hold = keys.get("suspended", "hold") == "hold"

    def rows(path):
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    planned = {r["unit_id"] for r in rows(os.path.join(plan, "units.csv"))}
    room = {}
    for p in rows(os.path.join(plan, "payer_balance.csv")):
        cap = cents(p["capacity_cny"])
        room[p["payer_id"]] = None if cap is None else cap - cents(p["value_cny"])
    short = {}      # layout -> payers with a short request
    for r in rows(os.path.join(plan, "requests.csv")):
        st = r["status"]
        takes = st in ("served", "partial", "unserved") or (st == "suspended" and hold)
        if takes and int(r["allocated"]) < int(r["requested"]):
            short.setdefault(r["layout"], set()).add(r["payer_id"])
    inv = os.path.join(base, keys.get("inventory", "inventory.csv"))
    idle = 0
    for u in rows(inv):
        if u["status"] != "available" or u["available_on"] > horizon:
            continue
        if u["unit_id"] in planned:
            continue
        value = (hundredths(u["area_m2"]) * hundredths(u["price_cny_m2"]) + 50) // 100
        for payer in short.get(u["layout"], ()):
            r = room.get(payer)
            if r is None or r >= value:
                idle += 1
                break
    print(idle)


if __name__ == "__main__":
    main()
