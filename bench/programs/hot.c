/* A function called n times in a loop: reverse-continue to its last call from the end either
   stops at every call in replay (traps) or counts the calls with the debug registers. */
#include <stdlib.h>
static volatile long acc;
void hot(long i) { acc += i; }
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 100000;
  for (long i = 0; i < n; i++) hot(i);
  return (int)(acc & 1);
}
