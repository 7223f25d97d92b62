#!/bin/sh
# run.sh -- rehouse benchmarks: generated instances at three scales, a table
# of medians against the targets, and the naive MathProg baseline.
#
# usage: sh bench/run.sh [REHOUSE]          (make bench: sh bench/run.sh ./rehouse)
#
# Environment (all optional):
#   BENCH_SCALES      scales to run, default "pudong shanghai stress"
#   BENCH_RUNS        runs of `rehouse check` and `rehouse plan` per scale (5)
#   BENCH_SLOW_S      a first plan run slower than this many seconds ... (60)
#   BENCH_SLOW_RUNS   ... cuts that scale's plan runs to this many (3)
#   BENCH_TIME_LIMIT  rehouse's [solver] time_limit_s for the runs (600); a run
#                     that hits it (exit 124) ends that scale's runs
#   BENCH_CAPPED      instances with many binding caps, each planned once
#                     beside the same instance with no cap (default
#                     "pudong-c10 pudong-c30 pudong-c60 pudong-c30-release
#                     pudong-c60-surplus shanghai-c10 shanghai-c30
#                     stress-c10"; "" skips them): SCALE-cPCT[-release]
#                     [-surplus], PCT % of the payers capped at 50-150 % of
#                     the value of their demand (gen.c CAP_PCT), -release
#                     with suspended = release, -surplus with supply 1.3 x
#                     demand.  Planned with max_gap = 1 so that the plan is
#                     written; the table gives T's gap against the 0.1 %
#                     target, the stages' statuses, and the idle affordable
#                     flats (bench/idle.py).
#   BENCH_NAIVE       1: time glpsol on bench/naive.mod at Pudong scale (1)
#   BENCH_NAIVE_RUNS  glpsol runs per stage (1; each takes tens of seconds)
#   BENCH_SEED        generator seed (1)
#   BENCH_CACHE       where instances, plans and logs go (bench/cache)
#   CC                compiler for the generator and timer (cc)
#
# Instances are generated once into BENCH_CACHE/<scale>/ and reused while
# gen.c, the sizes and the seed are unchanged.  The binary under test is
# copied first, so a rebuild during the run cannot change what is measured.
# The tables are printed as Markdown and kept in BENCH_CACHE/last.md.
# Exit status: 0 when every run succeeded (targets missed or not), 1 when a
# run failed or timed out, 66 when REHOUSE is missing.
# shellcheck disable=SC2046,SC2086  # word splitting of $(cat FILE) is intended
set -u

REHOUSE=${1:-./rehouse}
case $REHOUSE in
/*) ;;
*) REHOUSE=$(pwd)/$REHOUSE ;;
esac
if [ ! -x "$REHOUSE" ]; then
    echo "run.sh: $REHOUSE is not an executable (run make first)" >&2
    exit 66
fi
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${BENCH_CACHE:-$HERE/cache}
RUNS=${BENCH_RUNS:-5}
SLOW_S=${BENCH_SLOW_S:-60}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
SCALES=${BENCH_SCALES-pudong shanghai stress}
LIMIT=${BENCH_TIME_LIMIT:-600}
NAIVE=${BENCH_NAIVE:-1}
NAIVE_RUNS=${BENCH_NAIVE_RUNS:-1}
SEED=${BENCH_SEED:-1}
CC=${CC:-cc}
failed=0

mkdir -p "$CACHE/work" "$CACHE/out" || exit 73
WORK=$CACHE/work

# --- tools ------------------------------------------------------------------
newer() {       # newer A B: file A was modified after file B (POSIX: find -newer)
    [ -n "$(find "$1" -newer "$2" 2> /dev/null)" ]
}
for tool in gen timeit; do
    if [ ! -x "$CACHE/$tool" ] || newer "$HERE/$tool.c" "$CACHE/$tool"; then
        $CC -O2 -o "$CACHE/$tool" "$HERE/$tool.c" || exit 70
    fi
done
GEN=$CACHE/gen
TIMEIT=$CACHE/timeit
BIN=$CACHE/rehouse-under-test
cp "$REHOUSE" "$BIN" || exit 73

# --- helpers ----------------------------------------------------------------
median() {      # numbers on stdin, one a line -> median, or "-"
    sort -n | awk '{ a[NR] = $1 }
        END { if (NR == 0) print "-";
              else if (NR % 2) print a[(NR + 1) / 2];
              else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
json_num() {    # json_num FILE KEY -> the number of the first "KEY": line
    sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\([-0-9.eE+]*\).*/\1/p" "$1" | head -n 1
}
fmt() {         # fmt PRINTF_FORMAT VALUE ("-" stays "-")
    if [ "$2" = "-" ] || [ -z "$2" ]; then echo "-"; else awk -v v="$2" "BEGIN { printf \"$1\", v }"; fi
}
le() {          # le A B: A <= B (numbers)
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'
}
verdict() {     # verdict VALUE LIMIT -> PASS / MISS
    if [ "$1" = "-" ]; then echo "MISS"; elif le "$1" "$2"; then echo "PASS"; else echo "MISS"; fi
}
scale_sizes() { # towns units requests time_target_s rss_target_MB
    case $1 in
    pudong) echo "36 30000 2000 0.3 100" ;;
    shanghai) echo "216 300000 18000 2 500" ;;
    stress) echo "432 1000000 60000 8 1000" ;;
    *) return 1 ;;
    esac
}
scale_name() {
    case $1 in
    pudong) echo "Pudong" ;;
    shanghai) echo "Shanghai-wide" ;;
    stress) echo "stress" ;;
    esac
}

# --- machine ----------------------------------------------------------------
OUT=$CACHE/last.md
{
    echo "## rehouse benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
         "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
    echo "- rehouse: $("$BIN" --version 2>/dev/null | head -n 1), sha256 $(sha256sum "$BIN" | cut -c1-12)," \
         "$(glpsol --version 2>/dev/null | head -n 1 || echo 'glpsol missing')"
    if git -C "$HERE" rev-parse --short HEAD > /dev/null 2>&1; then
        echo "- source: commit $(git -C "$HERE" rev-parse --short HEAD)$(git -C "$HERE/.." diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')," \
             "binary built $(date -u -r "$REHOUSE" '+%Y-%m-%d %H:%M UTC')"
    fi
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- runs: BENCH_RUNS=$RUNS (cut to $SLOW_RUNS for a scale whose first plan run takes over ${SLOW_S} s)," \
         "time limit ${LIMIT} s, seed $SEED"
    echo
} > "$OUT"
cat "$OUT"

TABLE1=$WORK/table1.md
TABLE2=$WORK/table2.md
TABLE3=$WORK/table3.md
: > "$TABLE1"
: > "$TABLE2"
: > "$TABLE3"

# --- scales -----------------------------------------------------------------
for scale in $SCALES; do
    sizes=$(scale_sizes "$scale") || { echo "run.sh: unknown scale '$scale'" >&2; exit 64; }
    set -- $sizes
    towns=$1 units=$2 reqs=$3 t_target=$4 rss_target=$5
    dir=$CACHE/$scale
    stamp="$(cksum < "$HERE/gen.c" | cut -d' ' -f1) $towns $units $reqs $SEED"
    if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
        echo "generating $scale: $towns towns, $units units, $reqs requests" >&2
        rm -rf "$dir"
        "$GEN" "$dir" "$towns" "$units" "$reqs" "$SEED" || exit 70
        echo "$stamp" > "$dir/.stamp"
    fi
    sed "s/^time_limit_s[[:space:]]*=.*/time_limit_s = $LIMIT/" "$dir/plan.ini" > "$dir/bench.ini"

    # rehouse check: read and validate only.
    : > "$WORK/$scale.check"
    i=0
    while [ $i -lt "$RUNS" ]; do
        i=$((i + 1))
        if ! "$TIMEIT" "$WORK/t" "$BIN" check --config "$dir/bench.ini" > "$WORK/$scale.check.log" 2>&1; then
            echo "run.sh: $scale: rehouse check failed, see $WORK/$scale.check.log" >&2
            failed=1
            break
        fi
        cut -d' ' -f1 "$WORK/t" >> "$WORK/$scale.check"
    done

    # rehouse plan.
    : > "$WORK/$scale.plan"
    n=$RUNS i=0 note="" status=ok fail_rss=-
    while [ $i -lt "$n" ]; do
        i=$((i + 1))
        echo "$scale: plan run $i of $n" >&2
        "$TIMEIT" "$WORK/t" "$BIN" plan --config "$dir/bench.ini" --out "$CACHE/out/$scale" \
            > "$WORK/$scale.plan.log" 2>&1
        set -- $(cat "$WORK/t")
        wall=$1 code=$3
        if [ "$code" != 0 ]; then
            fail_rss=$2
            if [ "$code" = 124 ]; then status="timeout>${LIMIT}s"; else status="exit $code"; fi
            echo "run.sh: $scale: rehouse plan $status, see $WORK/$scale.plan.log" >&2
            failed=1
            break
        fi
        rj=$CACHE/out/$scale/run.json
        echo "$(json_num "$rj" read) $(json_num "$rj" eligibility) $(json_num "$rj" solve)" \
             "$(json_num "$rj" write) $(json_num "$rj" total_seconds)" \
             "$(json_num "$rj" peak_rss_kb) $wall" >> "$WORK/$scale.plan"
        if [ $i -eq 1 ] && ! le "$wall" "$SLOW_S" && [ "$n" -gt "$SLOW_RUNS" ]; then
            n=$SLOW_RUNS
            note=" (cut: first run ${wall%.*} s)"
        fi
    done
    runs=$(wc -l < "$WORK/$scale.plan" | tr -d ' ')
    col() { awk -v c="$1" '{ print $c }' "$WORK/$scale.plan" | median; }
    m_read=$(col 1) m_elig=$(col 2) m_solve=$(col 3) m_write=$(col 4) m_total=$(col 5)
    m_rss=$(col 6) m_wall=$(col 7)
    m_check=$(median < "$WORK/$scale.check")
    ratio=-
    if [ "$m_wall" != "-" ] && [ "$m_check" != "-" ]; then
        ratio=$(awk -v a="$m_wall" -v b="$m_check" 'BEGIN { printf "%.1f", a / b }')
    fi
    rss_mb=- rss_show=- rss_verdict=MISS
    if [ "$m_rss" != "-" ]; then
        rss_mb=$(awk -v k="$m_rss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')
        rss_show=$rss_mb rss_verdict=$(verdict "$rss_mb" "$rss_target")
    elif [ "$fail_rss" != "-" ]; then   # peak of the failed run (wait4): a lower bound
        rss_show=">=$(awk -v k="$fail_rss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')"
        if le "$(awk -v k="$fail_rss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }')" "$rss_target"; then
            rss_verdict="unknown"
        fi
    fi
    # LP size of the largest stage (by nonzeros), LPs and iterations of all.
    lp="-" lps="-" iters="-"
    if [ "$runs" -gt 0 ] && [ -f "$CACHE/out/$scale/stages.csv" ]; then
        set -- $(awk -F, 'NR > 1 { it += $8; lps += $7
                 if ($11 + 0 > nz) { nz = $11 + 0; r = $9; c = $10 } }
                 END { printf "%d %d %d %d %d", r, c, nz, lps, it }' "$CACHE/out/$scale/stages.csv")
        lp="$1 x $2, $3 nz" lps=$4 iters=$5
    fi
    if [ "$status" = ok ]; then t_show=$(fmt %.3f "$m_wall"); else t_show="$status"; fi
    [ "$status" = ok ] || m_wall=-
    echo "| $(scale_name "$scale") | ${runs}${note} | $(fmt %.3f "$m_read") | $(fmt %.3f "$m_elig") |" \
         "$(fmt %.3f "$m_solve") | $(fmt %.3f "$m_write") | $(fmt %.3f "$m_total") | $t_show |" \
         "$rss_show | $(fmt %.3f "$m_check") | $ratio | $lp | $lps | $iters |" >> "$TABLE1"
    # Where the solve phase went, from the last plan run's run.json: the
    # stages (C summed), the integer searches inside them (passes with a
    # binding cap, src/solve/exact.h), unit assignment, network building
    # and solves thrown away when a cap entered; stages.csv gives how many
    # stages ended feasible rather than optimal, and their summed gap.
    if [ "$runs" -gt 0 ] && [ -f "$CACHE/out/$scale/run.json" ]; then
        awk -v name="$(scale_name "$scale")" '
            /"solve_parts"/ { parts = 1 }
            parts && /"network"/ { net = $2 + 0 }
            parts && /"assign"/ { asg = $2 + 0 }
            parts && /"solved_again"/ { again = $2 + 0; parts = 0 }
            /"solve":/ { solve = $2 + 0 }
            /"name":/ { n = $2; gsub(/[",]/, "", n) }
            /"seconds":/ && n != "" {
                s = $2 + 0
                if (n ~ /^C:/) c += s
                else st[n] += s
            }
            /"integer_search_seconds":/ && n != "" { mip += $2 + 0; n = "" }
            END { printf "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f (%.0f %%) | %.3f | %.3f | %.3f |",
                  name, net, st["H"], st["B"], st["T"], c, st["D"], mip,
                  (solve > 0 ? 100 * mip / solve : 0), asg, again, solve }
        ' "$CACHE/out/$scale/run.json" >> "$TABLE3"
        awk -F, 'NR > 1 { if ($4 ~ /feasible/) { f++; g += $6 } }
                 END { printf " %d | %.3f |\n", f, g }' "$CACHE/out/$scale/stages.csv" >> "$TABLE3"
    fi
    echo "| $(scale_name "$scale") | <= $t_target s: $t_show $(verdict "$m_wall" "$t_target") |" \
         "<= $rss_target MB: $rss_show $rss_verdict |" \
         "<= 3: $ratio $(verdict "$ratio" 3) |" >> "$TABLE2"
done

{
    echo "### Medians (seconds; RSS in MB = 10^6 bytes)"
    echo
    echo "| scale | plan runs | read | eligibility | solve | write | total (run.json) | wall | peak RSS MB | check wall | plan/check | largest LP (rows x cols, nonzeros) | LPs | iterations |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$TABLE1"
    echo
    echo "### Targets (wall = end-to-end time of the process)"
    echo
    echo "| scale | end-to-end | peak RSS | plan/check |"
    echo "|---|---|---|---|"
    cat "$TABLE2"
    echo
    echo "### Solve phase by part (seconds, last plan run's run.json)"
    echo
    echo "| scale | networks | H | B | T | C (all) | D | integer searches (share of solve) | units + order | solved again (a cap entered) | solve | stages feasible, not proven | their gap |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$TABLE3"
    echo
} | tee -a "$OUT"

# --- instances with many binding caps ------------------------------------------
CAPPED=${BENCH_CAPPED-pudong-c10 pudong-c30 pudong-c60 pudong-c30-release pudong-c60-surplus shanghai-c10 shanghai-c30 stress-c10}
TABLE4=$WORK/table4.md
: > "$TABLE4"
# capped_plan NAME DIR OUTDIR: one plan run; "wall rss code" into $WORK/t
capped_plan() {
    "$TIMEIT" "$WORK/t" "$BIN" plan --config "$2/bench.ini" --out "$3" --quiet \
        > "$WORK/$1.plan.log" 2>&1
}
for inst in $CAPPED; do
    base=${inst%%-*} rest=${inst#*-}
    sizes=$(scale_sizes "$base") || { echo "run.sh: unknown scale in '$inst'" >&2; exit 64; }
    set -- $sizes
    towns=$1 units=$2 reqs=$3
    pct=${rest%%-*}
    pct=${pct#c}
    dpct=110 release=0
    case $inst in *-surplus*) dpct=77 ;; esac
    case $inst in *-release*) release=1 ;; esac
    for variant in capped nocap; do
        dir=$CACHE/$inst-$variant
        cp_arg=$pct
        [ "$variant" = nocap ] && cp_arg=0
        stamp="$(cksum < "$HERE/gen.c" | cut -d' ' -f1) $towns $units $reqs $SEED $cp_arg $dpct"
        if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
            echo "generating $inst ($variant)" >&2
            rm -rf "$dir"
            "$GEN" "$dir" "$towns" "$units" "$reqs" "$SEED" "$cp_arg" "$dpct" || exit 70
            echo "$stamp" > "$dir/.stamp"
        fi
        sed -e "s/^time_limit_s[[:space:]]*=.*/time_limit_s = $LIMIT\nmax_gap = 1/" \
            "$dir/plan.ini" > "$dir/bench.ini"
        [ "$release" = 1 ] && sed -i 's/^suspended[[:space:]]*=.*/suspended = release/' "$dir/bench.ini"
    done
    ncapped=$(awk -F, 'NR > 1 && $4 != "" { n++ } END { print n + 0 }' "$CACHE/$inst-capped/payers.csv")
    npay=$(awk 'END { print NR - 1 }' "$CACHE/$inst-capped/payers.csv")
    echo "$inst: plan (capped)" >&2
    capped_plan "$inst" "$CACHE/$inst-capped" "$CACHE/out/$inst"
    set -- $(cat "$WORK/t")
    c_wall=$1 c_rss=$2 c_code=$3
    echo "$inst: plan (no cap)" >&2
    capped_plan "$inst-nocap" "$CACHE/$inst-nocap" "$CACHE/out/$inst-nocap"
    set -- $(cat "$WORK/t")
    u_wall=$1 u_rss=$2 u_code=$3
    st=$CACHE/out/$inst/stages.csv
    if [ "$c_code" != 0 ] || [ ! -f "$st" ]; then
        failed=1
        echo "| $inst | $ncapped of $npay | exit $c_code | $(fmt %.2f "$u_wall") | - | - | - | - | - | - | - | - |" >> "$TABLE4"
        continue
    fi
    set -- $(awk -F, 'NR > 1 { n++; if ($4 ~ /optimal/) o++
                 g = ($5 + 0 > 1 ? $6 / $5 : $6) * 100
                 if ($2 ~ /"T"/ && g > tg) tg = g
                 if ($2 ~ /"C:/ && g > cg) cg = g
                 if ($12 ~ /yes/) hit = 1 }
             END { printf "%d/%d %.3f %.3f %s", o, n, tg, cg, hit ? "HIT" : "not reached" }' "$st")
    opt=$1 tgap=$2 cgap=$3 guard="$4${5:+ $5}"
    guard=${guard% }
    idle=$(python3 "$HERE/idle.py" "$CACHE/$inst-capped/bench.ini" "$CACHE/out/$inst" 2>/dev/null || echo "-")
    ratio=$(awk -v a="$c_wall" -v b="$u_wall" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
    rr=$(awk -v a="$c_rss" -v b="$u_rss" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    echo "| $inst | $ncapped of $npay | $(fmt %.2f "$c_wall") | $(fmt %.2f "$u_wall") | $ratio |" \
         "$(awk -v k="$c_rss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }') | $rr | $opt |" \
         "$tgap % $(if le "$tgap" 0.1; then echo PASS; else echo MISS; fi) | $cgap % | $idle | $guard |" >> "$TABLE4"
done
if [ -s "$TABLE4" ]; then
    {
        echo "### Many binding caps (one run each; targets: capped <= 3 x uncapped, 4 x at stress; RSS <= 1.5 x; T within 0.1 % of its bound; no idle affordable flat; the guard never reached)"
        echo
        echo "| instance | capped payers | capped wall s | no-cap wall s | ratio | peak RSS MB | RSS ratio | stages optimal | T gap | worst C gap | idle affordable flats | guard |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
        cat "$TABLE4"
        echo
    } | tee -a "$OUT"
fi

# --- naive MathProg baseline at Pudong scale ---------------------------------
case " $SCALES " in *" pudong "*) ;; *) NAIVE=0 ;; esac
if [ "$NAIVE" = 1 ] && ! command -v glpsol > /dev/null 2>&1; then
    echo "run.sh: glpsol not found (glpk-utils): naive baseline skipped" >&2
    NAIVE=0
fi
if [ "$NAIVE" = 1 ]; then
    dir=$CACHE/pudong
    dat=$dir/naive.dat
    if [ ! -s "$dat" ] || newer "$HERE/naive_data.sh" "$dat" || newer "$dir/.stamp" "$dat"; then
        sh "$HERE/naive_data.sh" "$dir" > "$dat.tmp" && mv "$dat.tmp" "$dat" || exit 70
    fi
    : > "$WORK/naive.h"
    : > "$WORK/naive.b"
    hstar=- lstar=- cols=- nrss=0
    i=0
    while [ $i -lt "$NAIVE_RUNS" ]; do
        i=$((i + 1))
        echo "naive: glpsol stage H, run $i of $NAIVE_RUNS" >&2
        if ! "$TIMEIT" "$WORK/t" glpsol -m "$HERE/naive.mod" -d "$dat" --display "$WORK/naive_h.out" \
             > "$WORK/naive_h.log" 2>&1; then
            echo "run.sh: glpsol failed, see $WORK/naive_h.log" >&2
            failed=1
            break
        fi
        set -- $(cat "$WORK/t")
        echo "$1" >> "$WORK/naive.h"
        nrss=$2
        hstar=$(head -n 1 "$WORK/naive_h.out")
        cols=$(sed -n 's/.* \([0-9]*\) columns$/\1/p' "$WORK/naive_h.out")
        printf 'data;\nparam stage := 1;\nparam Hstar := %s;\nend;\n' "$hstar" > "$WORK/stage1.dat"
        echo "naive: glpsol stage B (first round), run $i of $NAIVE_RUNS" >&2
        if ! "$TIMEIT" "$WORK/t" glpsol -m "$HERE/naive.mod" -d "$dat" -d "$WORK/stage1.dat" \
             --display "$WORK/naive_b.out" > "$WORK/naive_b.log" 2>&1; then
            echo "run.sh: glpsol failed, see $WORK/naive_b.log" >&2
            failed=1
            break
        fi
        set -- $(cat "$WORK/t")
        echo "$1" >> "$WORK/naive.b"
        lstar=$(head -n 1 "$WORK/naive_b.out")
        [ "$2" -gt "$nrss" ] && nrss=$2
    done
    g_h=$(median < "$WORK/naive.h")
    g_b=$(median < "$WORK/naive.b")
    r_wall=$(awk '{ print $7 }' "$WORK/pudong.plan" | median)
    r_h=$(awk -F, 'NR > 1 && $2 == "\"H\"" { print $3; exit }' "$CACHE/out/pudong/stages.csv" 2>/dev/null)
    r_l=$(awk -F, 'NR > 1 && $2 == "\"B\"" { print $3; exit }' "$CACHE/out/pudong/stages.csv" 2>/dev/null)
    same() {    # same A B: equal to 1e-6 relative -> yes / NO / -
        if [ "$1" = "-" ] || [ -z "$2" ]; then echo "-"; else
            awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d
                print (d <= 1e-6 * (1 + (a < 0 ? -a : a))) ? "yes" : "NO" }'; fi
    }
    agree=$(same "$hstar" "$r_h")
    agree_l=$(same "$lstar" "$r_l")
    hb=-
    [ "$g_h" != "-" ] && [ "$g_b" != "-" ] && hb=$(awk -v a="$g_h" -v b="$g_b" 'BEGIN { print a + b }')
    rat() { if [ "$1" = "-" ] || [ "$2" = "-" ]; then echo "-"; else
            awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", a / b }'; fi; }
    r_hb=$(rat "$hb" "$r_wall")
    {
        echo "### Naive baseline at Pudong scale (glpsol, bench/naive.mod, $NAIVE_RUNS run(s) per stage)"
        echo
        echo "| model columns | glpsol H | glpsol B (1st round) | glpsol H+B | glpsol peak RSS MB | H* naive = rehouse H? | λ* naive = rehouse B? | rehouse plan wall | ratio H / rehouse | ratio (H+B) / rehouse | target >= 100x |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|"
        echo "| $cols | $(fmt %.2f "$g_h") s | $(fmt %.2f "$g_b") s | $(fmt %.2f "$hb") s |" \
             "$(awk -v k="$nrss" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }') |" \
             "$agree ($hstar vs ${r_h:--}) | $agree_l ($lstar vs ${r_l:--}) | $(fmt %.3f "$r_wall") s | $(rat "$g_h" "$r_wall")x |" \
             "${r_hb}x | $(if [ "$r_hb" != "-" ] && le 100 "$r_hb"; then echo PASS; else echo MISS; fi) |"
        echo
        echo "The ratio compares glpsol's first two stages (H, then B's max-min LP) with rehouse's whole plan"
        echo "(every stage, unit assignment and the plan folder), end to end."
        echo
    } | tee -a "$OUT"
fi
echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
exit $failed
