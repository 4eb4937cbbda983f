/* A compute loop with no system calls: forward overhead of recording when nothing is recorded. */
#include <stdlib.h>
int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 400000000L;
  unsigned long h = 1;
  for (long i = 0; i < n; i++) h = h * 6364136223846793005UL + (unsigned long)i;
  return (int)(h & 1);
}
