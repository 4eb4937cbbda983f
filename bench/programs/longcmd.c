/* A long command: rounds of computing with a system call each, and a marker call now and then,
   so reverse-continue from the end goes back through most of one `continue`. */
#include <stdlib.h>
#include <unistd.h>
static volatile long sink;
static void marker(int round) { sink += round; }
static long work(long n) { long s = 0; for (long i = 0; i < n; i++) s += i ^ (s >> 3); return s; }
int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 1000;
  long total = 0;
  for (int round = 0; round < rounds; round++) {
    total += work(200000);
    if (round % 100 == 1) marker(round);
    total += getuid();
  }
  return (int)(total & 1);
}
