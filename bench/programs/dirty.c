/* A 100 MB process that dirties 1 MB between checkpoints. */
#include <stdlib.h>
#include <string.h>
#define MB (1024 * 1024)
void marker(int k) { (void)k; }
int main(void) {
  char *big = malloc(100 * MB);
  memset(big, 1, 100 * MB);
  for (int k = 0; k < 100; k++) {
    memset(big + (size_t)k * MB, k, MB);
    marker(k);
  }
  return big[5];
}
