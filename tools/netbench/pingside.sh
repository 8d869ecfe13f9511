#!/bin/bash
# pingside.sh: ping round trips of several programs on TAPs (and of the
# kernel over a veth pair), side by side, in turns, on this machine. Root.
#
#   tools/netbench/pingside.sh ROUNDS COUNT INTERVAL SPEC...
#   SPEC is "label|environment|program":
#     program "kernel"        a veth pair between two namespaces, offloads off
#     program …/netbench      netbench _tapecho on a TAP (the floor)
#     program …/campd         campd on a TAP
#   e.g. (build the programs first: go build -o /tmp/campd ./solutions/cmd/campd …)
#   tools/netbench/pingside.sh 4 500 0.002 "kernel||kernel" "floor||/tmp/netbench" \
#       "before||/tmp/campd.before" "after||/tmp/campd"
#
# Every program gets a namespace of its own, with the kernel's end of its
# TAP at 192.0.2.1 and the program at 192.0.2.2 (TEST-NET-1, RFC 5737);
# nothing leaves the namespaces, which are removed at the end. Each round
# runs `ping -c COUNT -i INTERVAL` against every program in turn, so that
# the machine's other work weighs on all alike. It prints the median, 90th
# and 99th percentile of every echo of every round, the CPU time each
# program used, and what each used in 5 s without traffic.
set -u
R=$1; N=$2; I=$3; shift 3
W=$(mktemp -d /tmp/pingside.XXXXXX)
declare -a NSS LBL PIDS
i=0
for spec in "$@"; do
  IFS='|' read -r label envs bin <<<"$spec"
  LBL[$i]=$label; ns=pingside$$-$i; NSS[$i]=$ns
  ip netns add $ns; ip -n $ns link set lo up
  if [[ $bin == kernel ]]; then
    ip netns add ${ns}z; ip -n ${ns}z link set lo up
    ip -n $ns link add v0 type veth peer name v0 netns ${ns}z
    ip netns exec $ns ethtool -K v0 tso off gso off gro off tx off rx off >/dev/null
    ip netns exec ${ns}z ethtool -K v0 tso off gso off gro off tx off rx off >/dev/null
    ip -n $ns addr add 192.0.2.1/24 dev v0; ip -n $ns link set v0 up
    ip -n ${ns}z addr add 192.0.2.2/24 dev v0; ip -n ${ns}z link set v0 up
    PIDS[$i]=0
  else
    if [[ $bin == *netbench* ]]; then
      ARGS=(_tapecho -tap pt0 -addr 192.0.2.2 -mac 02:00:5e:00:53:02)
    else
      ARGS=(-tap pt0 -addr 192.0.2.2/24 -mac 02:00:5e:00:53:02 -serve discard -q)
    fi
    env $envs ip netns exec $ns $bin "${ARGS[@]}" >$W/log.$i 2>&1 &
    PIDS[$i]=$!
    for k in $(seq 50); do ip -n $ns link show pt0 >/dev/null 2>&1 && break; sleep 0.1; done
    ip -n $ns addr add 192.0.2.1/24 dev pt0; ip -n $ns link set pt0 up
  fi
  for k in $(seq 50); do ip netns exec $ns ping -c1 -W1 192.0.2.2 >/dev/null 2>&1 && break; sleep 0.1; done
  i=$((i+1))
done
for r in $(seq $R); do
  for j in $(seq 0 $((i-1))); do
    ip netns exec ${NSS[$j]} ping -n -c $N -i $I -W 1 192.0.2.2 | grep -o 'time=[0-9.]*' | cut -d= -f2 >>$W/t.$j
  done
done
for j in $(seq 0 $((i-1))); do
  cpu=""
  if [[ ${PIDS[$j]} != 0 ]]; then
    read u s < <(awk '{print $14, $15}' /proc/${PIDS[$j]}/stat)
    cpu="CPU user ${u}0 ms, system ${s}0 ms"
  fi
  printf "%-24s %s  %s\n" "${LBL[$j]}" "$(sort -n $W/t.$j | awk '{a[NR]=$1} END{printf "n=%d median=%.3f p90=%.3f p99=%.3f ms", NR, a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[int(NR*0.99)+1]}')" "$cpu"
done
for j in $(seq 0 $((i-1))); do [[ ${PIDS[$j]} != 0 ]] && awk '{print $14+$15}' /proc/${PIDS[$j]}/stat >$W/idle.$j; done
sleep 5
for j in $(seq 0 $((i-1))); do
  [[ ${PIDS[$j]} != 0 ]] && echo "${LBL[$j]}: CPU in 5 s without traffic: $(( $(awk '{print $14+$15}' /proc/${PIDS[$j]}/stat) - $(cat $W/idle.$j) ))0 ms"
done
for j in $(seq 0 $((i-1))); do [[ ${PIDS[$j]} != 0 ]] && kill ${PIDS[$j]}; done
wait 2>/dev/null
for j in $(seq 0 $((i-1))); do ip netns del ${NSS[$j]}; ip netns del ${NSS[$j]}z 2>/dev/null; done
rm -rf $W
