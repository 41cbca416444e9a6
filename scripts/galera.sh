#!/usr/bin/env bash
# A 3-node MariaDB Galera cluster on loopback, for the contention tests and for trying the
# services on a multi-primary cluster (issue 16). Nothing here is for production.
#
#   scripts/galera.sh up       bootstrap node 1, join nodes 2 and 3, print GALERA_URLS
#   scripts/galera.sh status   each node's wsrep state and the cluster size
#   scripts/galera.sh down     stop the nodes (datadirs kept; `up` starts them afresh)
#   scripts/galera.sh clean    down, then remove the datadirs
#
# Nodes listen on 127.0.0.1:3311-3313 (SQL), 4571-4573 (group communication), 4581-4583
# (state transfer, rsync) and 4591-4593 (incremental state transfer); override the base
# directory with GALERA_DIR (default /tmp/lianxin-galera). root has no password over TCP,
# like the development MariaDB. Needs mariadbd, galera-4 (libgalera_smm.so) and rsync.
set -euo pipefail

DIR="${GALERA_DIR:-/tmp/lianxin-galera}"
PROVIDER="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
MARIADBD="${MARIADBD:-/usr/sbin/mariadbd}"
# rsync's state-transfer daemon drops root to "nobody", which cannot write a root-owned
# datadir: as root, the nodes run as the mysql user instead.
RUN_AS="${GALERA_USER:-$( [ "$(id -u)" = 0 ] && echo mysql || id -un )}"
NODES=(1 2 3)
sql_port() { echo $((3310 + $1)); }
urls() { local u=(); for i in "${NODES[@]}"; do u+=("mysql://root@127.0.0.1:$(sql_port "$i")"); done; (IFS=,; echo "${u[*]}"); }
client() { mariadb --protocol=socket -S "$DIR/node$1.sock" -uroot -N -B -e "$2"; }
status_of() { client "$1" "SHOW STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'; }

write_config() {
  local i=$1
  cat >"$DIR/node$i.cnf" <<EOF
[mariadbd]
user=$RUN_AS
datadir=$DIR/node$i
socket=$DIR/node$i.sock
pid-file=$DIR/node$i.pid
log-error=$DIR/node$i.err
port=$(sql_port "$i")
bind-address=127.0.0.1
skip-name-resolve
performance_schema=OFF
innodb_buffer_pool_size=96M
innodb_log_file_size=32M
# Loopback test cluster: durability comes from the other nodes, not from fsync.
innodb_flush_log_at_trx_commit=2
max_connections=300
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=lianxin-galera
wsrep_cluster_address=gcomm://127.0.0.1:4571,127.0.0.1:4572,127.0.0.1:4573
wsrep_node_name=node$i
wsrep_node_address=127.0.0.1
wsrep_node_incoming_address=127.0.0.1:$(sql_port "$i")
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$((4570 + i));ist.recv_addr=127.0.0.1:$((4590 + i));gcache.size=64M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((4580 + i))
wsrep_slave_threads=2
EOF
}

wait_ready() {
  local i=$1 t=0
  until [ "$(status_of "$i" wsrep_ready)" = "ON" ]; do
    sleep 1; t=$((t + 1))
    if [ "$t" -ge 90 ]; then echo "node $i did not become ready in 90 s; see $DIR/node$i.err" >&2; tail -20 "$DIR/node$i.err" >&2; exit 1; fi
  done
}

start_node() {
  local i=$1; shift
  if [ -S "$DIR/node$i.sock" ] && client "$i" 'SELECT 1' >/dev/null 2>&1; then echo "node $i already running"; return; fi
  write_config "$i"
  if [ ! -d "$DIR/node$i/mysql" ]; then
    mkdir -p "$DIR/node$i"
    chown "$RUN_AS" "$DIR" "$DIR/node$i" 2>/dev/null || true
    mariadb-install-db --defaults-file="$DIR/node$i.cnf" --auth-root-authentication-method=socket --skip-test-db >"$DIR/node$i.install.log" 2>&1
  fi
  "$MARIADBD" --defaults-file="$DIR/node$i.cnf" "$@" >>"$DIR/node$i.out" 2>&1 &
  wait_ready "$i"
  echo "node $i ready on 127.0.0.1:$(sql_port "$i")"
}

up() {
  mkdir -p "$DIR"
  chown "$RUN_AS" "$DIR" 2>/dev/null || true
  # Whichever node stopped last holds the newest state; with a fresh or cleanly stopped
  # cluster node 1 may bootstrap (safe_to_bootstrap is set on the last one down).
  if [ -f "$DIR/node1/grastate.dat" ]; then sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$DIR/node1/grastate.dat"; fi
  start_node 1 --wsrep-new-cluster
  # root over TCP without a password, as the development MariaDB; replicated to the joiners.
  client 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
  for i in 2 3; do start_node "$i"; done
  status
  echo "GALERA_URLS=$(urls)"
}

status() {
  for i in "${NODES[@]}"; do
    if client "$i" 'SELECT 1' >/dev/null 2>&1; then
      echo "node $i: $(status_of "$i" wsrep_local_state_comment), ready $(status_of "$i" wsrep_ready), cluster size $(status_of "$i" wsrep_cluster_size)"
    else
      echo "node $i: down"
    fi
  done
}

down() {
  # Joiners first, the bootstrap node last: it is then the one safe to bootstrap from.
  for i in 3 2 1; do
    if [ -f "$DIR/node$i.pid" ]; then
      local pid; pid=$(cat "$DIR/node$i.pid")
      kill "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
      echo "node $i stopped"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  clean) down; rm -rf "$DIR" ;;
  urls) urls ;;
  *) echo "usage: $0 up|status|down|clean|urls" >&2; exit 2 ;;
esac
