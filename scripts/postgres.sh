#!/usr/bin/env bash
# A local PostgreSQL for the web tests: start the cluster, create the role `jixiao` (CREATEDB,
# so the tests can create their database) and its database. Idempotent. Prints the URL.
set -euo pipefail

url="postgres://jixiao:jixiao@127.0.0.1:5432/jixiao"
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  echo "postgres: no cluster found (pg_createcluster 15 main)" >&2
  exit 1
fi
# `pg_ctlcluster … start` exits 2 when the cluster is already running, and it writes notes
# ("Removed stale pid file.") to stdout: they go to stderr so that stdout is the URL alone.
pg_lsclusters -h | grep -q online || pg_ctlcluster $cluster start >&2
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 0.5
done
# Admin SQL over the local socket as `postgres` (peer authentication); \gexec runs the
# generated statement only when the role or database is missing.
su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null <<'SQL'
SELECT 'CREATE ROLE jixiao LOGIN CREATEDB PASSWORD ''jixiao'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'jixiao')\gexec
SELECT 'CREATE DATABASE jixiao OWNER jixiao'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'jixiao')\gexec
SQL
echo "$url"
