/* A loop of cheap system calls: what a recorded system call costs. */
#include <stdlib.h>
#include <unistd.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 20000L;
  long s = 0;
  for (long i = 0; i < n; i++) s += getppid();
  return (int)(s & 1);
}
