#!/bin/sh
# Every file crbench reads has a size limit and must be a regular file
# (README.md, "Limits"): a device or a FIFO named where a file belongs is
# refused at once, naming it, instead of read until memory runs out.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# A guard against the hang this test is about, not a deadline: a refusal
# takes milliseconds, reading /dev/zero until memory runs out far longer.
QUICK=60
APPS='applications: [{name: cpu, workload: stress-ng, params: {stressor: cpu, workers: 1, duration: 1s}}]'
RUNTIMES='runtimes: [{name: runc, driver: oci, handler: runc}]'

# refused NAME PATTERN CMD...: CMD exits 2 within $QUICK seconds, saying PATTERN.
refused() {
	name=$1
	pattern=$2
	shift 2
	check_fails "$name: exit 2" 2 timeout "$QUICK" "$@"
	check_grep "$name: says so, naming the file" "$pattern" "$T/.out"
}

cat >"$T/inventory.yaml" <<EOY
name: inventory-zero
inventory: /dev/zero
$RUNTIMES
$APPS
EOY
refused "plan, inventory: /dev/zero" "/dev/zero: not a regular file" \
	"$CRBENCH" plan "$T/inventory.yaml"

mkfifo "$T/fifo"
sed "s|/dev/zero|$T/fifo|" "$T/inventory.yaml" >"$T/inventory-fifo.yaml"
refused "plan, inventory: a FIFO" "fifo: not a regular file" \
	"$CRBENCH" plan "$T/inventory-fifo.yaml"

# sparse: refused by its size before a byte is read
truncate -s 65M "$T/big.yaml"
sed "s|/dev/zero|$T/big.yaml|" "$T/inventory.yaml" >"$T/inventory-big.yaml"
refused "plan, an inventory of 65 MiB" \
	"big\.yaml: larger than 64 MiB \(the limit for configuration files\)" \
	"$CRBENCH" plan "$T/inventory-big.yaml"

cat >"$T/host-ssh-config.yaml" <<EOY
name: ssh-config-zero
hosts:
  - name: h1
    transport: ssh
    address: 127.0.0.1
    ssh_config: /dev/zero
$RUNTIMES
$APPS
EOY
refused "plan, a host's ssh_config: /dev/zero" \
	"host-ssh-config\.yaml:6:17: /dev/zero: not a regular file" \
	"$CRBENCH" plan "$T/host-ssh-config.yaml"

printf 'hosts:\n  - name: h1\n    address: 127.0.0.1\n' >"$T/hosts.yaml"
cat >"$T/ssh-config.yaml" <<EOY
name: ssh-config-zero
ssh_config: /dev/zero
inventory: hosts.yaml
$RUNTIMES
$APPS
EOY
refused "plan, ssh_config: /dev/zero for every host" \
	"ssh-config\.yaml:2:13: /dev/zero: not a regular file" \
	"$CRBENCH" plan "$T/ssh-config.yaml"

# the ssh_config of exec is read when the host is resolved
check_fails "exec -F /dev/zero: refused at once" 255 timeout "$QUICK" \
	"$CRBENCH" exec -F /dev/zero h1 -- true
check_grep "exec -F /dev/zero: says so" "/dev/zero: not a regular file" "$T/.out"

mkdir "$T/run"
ln -s /dev/zero "$T/run/samples.csv"
refused "analyze, samples.csv is /dev/zero" "samples\.csv: not a regular file" \
	"$CRBENCH" analyze "$T/run"
