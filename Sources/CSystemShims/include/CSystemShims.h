#ifndef SINOAI_CSYSTEMSHIMS_H
#define SINOAI_CSYSTEMSHIMS_H
#include <stdint.h>
#include <sys/types.h>

/// Display width of one Unicode scalar per glibc's wcwidth in the C.UTF-8 locale,
/// independent of the process locale. -1 for non-printable scalars.
int sinoai_wcwidth(uint32_t scalar);

/// Switches the process locale to the environment's, falling back to C.UTF-8 when
/// the environment's codeset is not UTF-8. Returns 1 when the result is UTF-8.
int sinoai_setup_utf8_locale(void);

/// signalfd for the given signals (blocks them first). Returns the fd or -1.
int sinoai_signalfd(const int *signals, int count);
/// Reads one signal number from a signalfd; -1 when none.
int sinoai_read_signal(int fd);
/// Unblocks every signal and restores default dispositions (for child processes).
void sinoai_reset_signals(void);

/// inotify on a directory for writes, renames, creations and deletions. Returns fd or -1.
int sinoai_inotify_watch_dir(const char *path);
/// Drains pending inotify events; returns the number drained.
int sinoai_inotify_drain(int fd);

/// A non-blocking, close-on-exec pipe. Returns 0 on success.
int sinoai_pipe(int fds[2]);

/// Terminal size of fd, or 0 on failure.
int sinoai_winsize(int fd, int *rows, int *cols);

/// Peak resident set size of this process in kilobytes.
long sinoai_peak_rss_kb(void);
#endif
