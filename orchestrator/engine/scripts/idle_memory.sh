#!/bin/sh
# The idle-memory measurement (idle_memory.c), after the idle period.
#   $@  the PIDs the driver named (driver_ops.pids_command), container first
# It prints what it reads, so the raw output shows what was counted and why:
#   cgroup v1|v2 PATH               the first process's memory cgroup
#   cgroup_usage_bytes N            the charge of that cgroup
#   memory.stat KEY N               its breakdown, for the record
#   kmem_usage_bytes N              v1: its kernel memory, which memory.stat omits
#   member PID NAME                 every process in it or below it
#   process PID in|out PSS_KB NAME  every process the driver named
#   end
# v1's memory hierarchy where it is mounted (hybrid hosts keep the memory
# controller there), else v2's. PSS splits shared pages (libraries) among
# the processes mapping them: what the process adds, not what it touches.
[ $# -gt 0 ] || { echo 'idle-memory: the runtime named no process of the container' >&2; exit 1; }
mnt() { awk -v t="$1" '{ i = 7; while (i < NF && $i != "-") i++
	if ($(i + 1) == t && (t == "cgroup2" || ("," $(i + 3) ",") ~ /,memory,/)) { print $5; exit } }' /proc/self/mountinfo; }
v=1 usage=memory.usage_in_bytes re='^[0-9]*:\([^:]*,\)\{0,1\}memory\(,[^:]*\)\{0,1\}:'
root=$(mnt cgroup)
[ -n "$root" ] || { v=2 usage=memory.current re='^0::'; root=$(mnt cgroup2); }
[ -n "$root" ] || { echo 'idle-memory: no memory cgroup controller is mounted' >&2; exit 1; }
cg_of() { sed -n "s/$re//p" "/proc/$1/cgroup" 2>/dev/null; }
name() { n=$(tr '\0' '\n' <"/proc/$1/cmdline" 2>/dev/null | head -n 1)
	[ -n "$n" ] || n=$(cat "/proc/$1/comm" 2>/dev/null); printf '%s' "${n:-?}"; }
pss() { f=/proc/$1/smaps_rollup; [ -r "$f" ] || f=/proc/$1/smaps
	awk '/^Pss:/ { s += $2 } END { print s + 0 }' "$f"; }
cg=$(cg_of "$1")
case $cg in /?*) ;; *) echo "idle-memory: process $1 is gone or in no container's memory cgroup" >&2; exit 1 ;; esac
dir=$root$cg
echo "cgroup v$v $cg"
u=$(cat "$dir/$usage") || exit 1
echo "cgroup_usage_bytes $u"
sed 's/^/memory.stat /' "$dir/memory.stat" || exit 1
f=$dir/memory.kmem.usage_in_bytes; [ ! -r "$f" ] || echo "kmem_usage_bytes $(cat "$f")"
find "$dir" -name cgroup.procs -exec cat {} + | while read -r p; do
	printf 'member %s %s\n' "$p" "$(name "$p")"; done
for p; do
	c=$(cg_of "$p")
	[ -n "$c" ] || { echo "idle-memory: process $p is gone" >&2; exit 1; }
	case $c in "$cg" | "$cg"/*) w=in ;; *) w=out ;; esac
	k=$(pss "$p") || exit 1
	printf 'process %s %s %s %s\n' "$p" "$w" "$k" "$(name "$p")"
done
echo end
