#!/bin/sh
# Install every build, runtime and test dependency of crbench on Debian 12.
# Idempotent: when every package is present it only checks and returns.
set -eu

PACKAGES="
build-essential pkg-config clang-format
libyaml-dev libjansson-dev libssh2-1-dev libcurl4-openssl-dev libgsl-dev
libcairo2-dev libpango1.0-dev libssl-dev libarchive-dev
fonts-dejavu-core fontconfig
runc crun runsc containerd docker.io
stress-ng fio iperf3 redis-server redis-tools postgresql postgresql-contrib
openssh-server openssh-client iproute2 procps psmisc util-linux jq
r-base-core poppler-utils
bc time python3 texlive-latex-base texlive-latex-recommended shellcheck
r-cran-ggplot2 python3-matplotlib
"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing" >&2
	echo "deps: run 'sudo infra/deps.sh' to install them" >&2
	exit 1
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# Packages must not start services: this machine has no init system and
# tests start their own daemons in their own directories. (docker.io still
# enables docker.service and docker.socket for systemd hosts; only a docker
# runtime without --host=... talks to that daemon, and no test does.)
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod +x "$policy"
	created_policy=1
fi
cleanup() { [ "$created_policy" -eq 1 ] && rm -f "$policy"; true; }
trap cleanup EXIT
apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is intended
apt-get install -y -q --no-install-recommends $missing
