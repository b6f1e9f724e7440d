// A stand-in for a slower disk, for saga_bench: preloaded (LD_PRELOAD), it
// makes every fdatasync()/fsync() take PARFUMERIE_SLOW_FSYNC_US microseconds
// more, after the real call. Files whose path contains
// PARFUMERIE_SLOW_FSYNC_SKIP (if set) keep their real speed.
//
// It models the latency of the device's flush, not its queue: flushes of
// different threads overlap, as they do on devices with several queues.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long DelayMicros(void) {
  const char* value = getenv("PARFUMERIE_SLOW_FSYNC_US");
  return value != NULL ? atol(value) : 0;
}

static int Skipped(int fd) {
  const char* skip = getenv("PARFUMERIE_SLOW_FSYNC_SKIP");
  if (skip == NULL || *skip == '\0') return 0;
  char link[64];
  char path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n < 0) return 0;
  path[n] = '\0';
  return strstr(path, skip) != NULL;
}

static void Slow(int fd) {
  const long us = DelayMicros();
  if (us <= 0 || Skipped(fd)) return;
  struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

int fdatasync(int fd) {
  static int (*real)(int) = NULL;
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  const int result = real(fd);
  Slow(fd);
  return result;
}

int fsync(int fd) {
  static int (*real)(int) = NULL;
  if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  const int result = real(fd);
  Slow(fd);
  return result;
}
