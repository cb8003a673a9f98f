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

/// inotify on a directory for writes, renames, creations and deletions, and on its parent
/// for the directory's own name being replaced. Returns the fd (or -1) and the
/// directory's watch in `dir_watch`.
int sinoai_inotify_watch_dir(const char *path, const char *parent, int *dir_watch);
/// Drains pending inotify events; returns how many concern visible files (names
/// starting with '.' are temporary files of atomic writers and are ignored). When the
/// directory `path` (named `name` in its parent) was replaced, moved or deleted, the
/// watch follows the path to the new folder (updating `dir_watch`) and that counts too.
int sinoai_inotify_drain(int fd, const char *path, const char *name, int *dir_watch);

/// A non-blocking, close-on-exec pipe. Returns 0 on success.
int sinoai_pipe(int fds[2]);

/// Terminal size of fd, or 0 on failure.
int sinoai_winsize(int fd, int *rows, int *cols);

/// Peak resident set size of this process in kilobytes, since its last exec (VmHWM;
/// getrusage as a fallback), or -1.
long sinoai_peak_rss_kb(void);

/// Hands memory the allocator holds but no longer uses back to the system (glibc's
/// malloc_trim; nothing elsewhere). Freed blocks otherwise stay in the process's arenas.
void sinoai_return_free_memory(void);

/// `sinoai serve`: runs `path` with exactly `argv` and `envp` on a new pseudo-terminal
/// of rows x cols (forkpty: new session, the pty as controlling terminal and stdio).
/// The child resets its signal mask and dispositions, asks for SIGKILL when the server
/// dies (PR_SET_PDEATHSIG), closes every other descriptor, changes to / and execs; it
/// makes only async-signal-safe calls. Returns the child's pid (also its process
/// group) and stores the close-on-exec master in *master_fd, or -1 with errno set.
pid_t sinoai_spawn_pty(const char *path, char *const argv[], char *const envp[], int rows, int cols, int *master_fd);
/// Sets the window size of a pty (TIOCSWINSZ on the master); the kernel sends SIGWINCH
/// to the terminal's foreground process group. Returns 0 on success.
int sinoai_set_winsize(int fd, int rows, int cols);
/// Non-blocking waitpid for one child. Returns 1 when it was reaped (exactly one of
/// *exit_status >= 0 or *term_signal > 0 is set), 0 while it runs, -1 on error (errno).
int sinoai_reap_child(pid_t pid, int *exit_status, int *term_signal);
/// Blocks the given signals in the calling thread (threads created later inherit the
/// mask) and returns a blocking, close-on-exec signalfd for them, or -1.
int sinoai_block_signals_fd(const int *signals, int count);
/// Waits up to timeout_ms (-1: forever) for a signal on a signalfd from
/// sinoai_block_signals_fd; returns its number, 0 on timeout, -1 on error.
int sinoai_wait_signal(int fd, int timeout_ms);
#endif
