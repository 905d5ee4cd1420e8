#!/bin/bash
# iperf3's readiness probe (iperf3.c), run in the output directory: ready
# once iperf3 has logged "Server listening on PORT", which it prints (and,
# with --forceflush, writes) right after listen(2). Nothing connects: iperf3
# would take a probe for a client and log a failed test for each. Nor can
# the host's /proc/net/tcp tell, since gVisor's netstack keeps its sockets
# to itself. Bash's builtins alone: a probe without a process (workload.h).
#   $1  the port
#   $2  the server's log
r=1
while IFS= read -r line; do [[ $line == "Server listening on $1 "* ]] && r=0; done <"$2"
((r == 0))
