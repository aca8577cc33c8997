#!/usr/bin/env bash
# A local Neo4j Community server for policykg, without Docker: `make neo4j` / `make neo4j-stop`.
#
#   scripts/neo4j/neo4j.sh start [--fresh]   start (or find running) and print the variables to export
#   scripts/neo4j/neo4j.sh stop              stop the server started from the same folder, by its pid
#   scripts/neo4j/neo4j.sh env               print the variables of the running server
#   scripts/neo4j/neo4j.sh status            say whether it runs
#   scripts/neo4j/neo4j.sh classpath         build the launcher if needed and print the Java classpath
#                                            (it holds neo4j-admin too: org.neo4j.cli.AdminTool)
#
# Maven resolves the Neo4j release pinned in scripts/neo4j/pom.xml from Maven Central (cached in
# ~/.m2) and compiles the launcher; Java 17 or 21 runs it. Bolt listens on 127.0.0.1 only, on a
# free port; the password of the `neo4j` user is generated at every start. The server's folder is
# $POLICYKG_NEO4J_DIR (default: .neo4j in the repository): the database in dbms/, the log in
# neo4j.log, and in env the lines `source` takes:
#
#   eval "$(scripts/neo4j/neo4j.sh start)"     # or: source .neo4j/env
#
# The graph survives a stop; `start --fresh` begins with an empty database. Memory:
# NEO4J_HEAP (default 1g) and NEO4J_PAGECACHE (default 512m), as in docker-compose.yml.
# POLICYKG_NEO4J_TX_TIMEOUT (e.g. 120s) makes the server stop any transaction running longer.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="${POLICYKG_NEO4J_DIR:-$repo/.neo4j}"
heap="${NEO4J_HEAP:-1g}"
pagecache="${NEO4J_PAGECACHE:-512m}"
java="${JAVA:-java}"
wait_seconds="${POLICYKG_NEO4J_WAIT:-180}"
tx_timeout="${POLICYKG_NEO4J_TX_TIMEOUT:-}"

say() { echo "neo4j.sh: $*" >&2; }

running_pid() {
    # The pid of the server of $dir, if that process is alive and is our launcher.
    [ -f "$dir/pid" ] || return 1
    local pid
    pid="$(cat "$dir/pid")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    grep -q "policykg.neo4j.Launcher" "/proc/$pid/cmdline" 2>/dev/null || return 1
    echo "$pid"
}

build_launcher() {
    # Resolve Neo4j and compile the launcher; offline first, so a warm ~/.m2 needs no network.
    local classpath="$here/target/classpath.txt"
    if [ -f "$classpath" ] && [ "$classpath" -nt "$here/pom.xml" ] \
        && [ "$classpath" -nt "$here/src/main/java/policykg/neo4j/Launcher.java" ]; then
        return
    fi
    command -v mvn >/dev/null 2>&1 || { say "needs Maven (mvn) and a JDK 17 or 21 to fetch and run Neo4j"; exit 1; }
    say "resolving Neo4j from Maven Central (cached in ~/.m2) and compiling the launcher"
    mvn -B -q -o -f "$here/pom.xml" package >/dev/null 2>&1 || mvn -B -q -f "$here/pom.xml" package >&2
    touch "$classpath"  # Maven leaves an unchanged file as it was
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

bolt_answers() {
    # A Bolt handshake: the magic preamble and four proposed versions (5.x range, 4.4);
    # the server answers with the four bytes of the version it picked (all zero: none).
    local port="$1" reply
    reply="$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port
        printf '\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00' >&3
        head -c 4 <&3 | od -An -tx1" 2>/dev/null)" || return 1
    reply="$(echo $reply)"
    [ -n "$reply" ] && [ "$reply" != "00 00 00 00" ]
}

print_env() {
    cat "$dir/env"
}

start() {
    local fresh=0
    [ "${1:-}" = "--fresh" ] && fresh=1
    if pid="$(running_pid)"; then
        if [ "$fresh" = 1 ]; then
            stop
        else
            say "already running (pid $pid, folder $dir)"
            print_env
            return
        fi
    fi
    build_launcher
    mkdir -p "$dir"
    chmod 700 "$dir"
    [ "$fresh" = 1 ] && rm -rf "$dir/dbms"
    rm -f "$dir/ready" "$dir/env" "$dir/pid"
    local port password
    port="$(free_port)"
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
    cat > "$dir/neo4j.conf" <<EOF
# Written by scripts/neo4j/neo4j.sh at every start.
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$port
server.bolt.advertised_address=127.0.0.1:$port
server.bolt.tls_level=DISABLED
dbms.security.auth_enabled=true
server.memory.pagecache.size=$pagecache
db.tx_log.rotation.retention_policy=2 files
dbms.usage_report.enabled=false
EOF
    if [ -n "$tx_timeout" ]; then echo "db.transaction.timeout=$tx_timeout" >> "$dir/neo4j.conf"; fi
    say "starting Neo4j on 127.0.0.1:$port (heap $heap, page cache $pagecache, folder $dir)"
    (
        cd "$dir"
        export POLICYKG_NEO4J_PASSWORD="$password"
        exec setsid "$java" -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow \
            -XX:+ExitOnOutOfMemoryError -Dio.netty.tryReflectionSetAccessible=true \
            --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
            --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
            -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
            policykg.neo4j.Launcher "$dir"
    ) > "$dir/neo4j.log" 2>&1 < /dev/null &
    local pid=$!
    echo "$pid" > "$dir/pid"
    local waited=0
    until [ -f "$dir/ready" ] && bolt_answers "$port"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            say "Neo4j exited while starting; the end of $dir/neo4j.log:"
            tail -n 30 "$dir/neo4j.log" >&2
            rm -f "$dir/pid"
            exit 1
        fi
        if [ "$waited" -ge "$wait_seconds" ]; then
            say "Neo4j did not answer on Bolt within ${wait_seconds}s; stopping it (log: $dir/neo4j.log)"
            stop
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    umask 077
    cat > "$dir/env" <<EOF
export NEO4J_URI=bolt://127.0.0.1:$port
export NEO4J_USER=neo4j
export NEO4J_PASSWORD=$password
EOF
    say "Neo4j answers on bolt://127.0.0.1:$port (pid $pid) after ${waited}s; export these (or: source $dir/env):"
    print_env
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        say "no Neo4j running from $dir"
        rm -f "$dir/pid" "$dir/env" "$dir/ready"
        return 0
    fi
    kill -TERM "$pid"
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 60 ]; then
            say "Neo4j (pid $pid) did not stop within 60s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$dir/pid" "$dir/env" "$dir/ready"
    say "stopped Neo4j (pid $pid)"
}

case "${1:-}" in
    start) shift; start "$@" ;;
    stop) stop ;;
    env)
        running_pid >/dev/null || { say "no Neo4j running from $dir; start it with: make neo4j"; exit 1; }
        print_env
        ;;
    classpath)
        build_launcher
        echo "$here/target/classes:$(cat "$here/target/classpath.txt")"
        ;;
    status)
        if pid="$(running_pid)"; then say "running (pid $pid, folder $dir)"; else say "not running"; exit 1; fi
        ;;
    *) echo "usage: $0 start [--fresh] | stop | env | status | classpath" >&2; exit 2 ;;
esac
