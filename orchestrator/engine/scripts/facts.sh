#!/bin/sh
# The host's facts, as key=value lines (hosts/<host>.json): kernel, CPU,
# memory, virtualization, container, KVM, cgroup version. No arguments;
# every probe tolerates a missing tool or file.
echo "kernel=$(uname -r)"
echo "arch=$(uname -m)"
echo "hostname=$(uname -n)"
# shellcheck disable=SC1091 # the host's file, not ours
echo "os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
echo "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "cpus=$(getconf _NPROCESSORS_ONLN)"
echo "memory_kib=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
v=bare-metal
grep -qw hypervisor /proc/cpuinfo && v=vm
command -v systemd-detect-virt >/dev/null && d=$(systemd-detect-virt 2>/dev/null) &&
	[ "$d" != none ] && v=$d
echo "virtualization=$v"
c=none
[ -e /.dockerenv ] && c=docker
[ -e /run/.containerenv ] && c=podman
echo "container=$c"
echo "kvm=$([ -c /dev/kvm ] && echo yes || echo no)"
cg=v1
[ -d /sys/fs/cgroup/unified ] && cg=hybrid
[ -f /sys/fs/cgroup/cgroup.controllers ] && cg=v2
echo "cgroup=$cg"
