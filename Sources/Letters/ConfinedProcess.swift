import Glibc

/// One run of a converter (pdftotext, tesseract, unzip) in its own process, in a private folder, under
/// limits: CPU seconds, address space, the size of any file it writes (its output included) and wall
/// time. Whatever the file does to the converter — a crash, a loop, a bomb — ends here as a `Run`
/// whose `failure` says so; intake's own process is never at stake.
struct ConfinedProcess {
    let tool: String
    let arguments: [String]
    /// The private folder it works in: its standard output and error go to files there, and every file
    /// argument names a file there by its full path (posix_spawn here cannot change the child's folder).
    let folder: PrivateFolder
    let limits: ConverterLimits

    struct Run {
        /// Exit status when it exited, nil when a signal ended it.
        var status: Int32?
        var signal: Int32?
        var timedOut: Bool
        /// Its standard output, at most `limits.outputBytes` (the file-size limit stops it past that).
        var output: [UInt8]
        /// The first lines of its standard error, for a reason a person can read.
        var errors: String

        var succeeded: Bool { status == 0 && !timedOut }
    }

    /// prlimit sets the limits on itself and then becomes the tool: posix_spawn cannot set rlimits in
    /// the child, and a C shim for that would be the only C in the module.
    static let prlimit = "/usr/bin/prlimit"

    func run() throws(LetterRefusal) -> Run {
        guard let path = Self.which(tool) else { throw .converterMissing(tool: tool) }
        guard access(Self.prlimit, X_OK) == 0 else { throw .converterMissing(tool: "prlimit") }
        let stdoutPath = folder.path + "/.stdout"
        let stderrPath = folder.path + "/.stderr"
        let argv = [Self.prlimit,
                    "--cpu=\(limits.cpuSeconds)", "--as=\(limits.memoryBytes)", "--fsize=\(limits.outputBytes)",
                    "--core=0", "--nofile=64", "--", path] + arguments
        let environment = ["PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8", "HOME=\(folder.path)", "TMPDIR=\(folder.path)",
                           // Tesseract's OpenMP threads spin: one thread does the same work for far less CPU here.
                           "OMP_THREAD_LIMIT=1"]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout ends whatever it started too; default signal handling.
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.prlimit, &actions, &attributes, cArgs, cEnv)
        guard spawned == 0 else { throw .converterFailed(tool: tool, reason: "could not be started (\(String(cString: strerror(spawned))))") }

        // Waits with a growing pause, at most 4 ms: a text PDF's run ends in about 10 ms, an OCR page in
        // seconds, and a longer pause was time lost after the child had ended (a poll costs microseconds). The child is
        // seen to end without being reaped (WNOWAIT), so its process group is still its own when whatever
        // it started is ended; killing a group after the reap could reach a new group given the same number.
        let deadline = Monotonic.now + limits.wallSeconds
        var timedOut = false
        var pause: useconds_t = 250
        while true {
            var info = siginfo_t()
            let r = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT)
            if r == 0, info._sifields._sigchld.si_pid == pid { break }
            if r == -1, errno != EINTR { break }
            if Monotonic.now > deadline {
                timedOut = true
                break
            }
            usleep(pause)
            pause = min(pause * 2, 4_000)
        }
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let output = PrivateFolder.read(stdoutPath, limit: limits.outputBytes) ?? []
        let errors = PrivateFolder.read(stderrPath, limit: 4_096).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Run(status: exited ? (status >> 8) & 0xff : nil, signal: exited ? nil : status & 0x7f, timedOut: timedOut,
                   output: output, errors: errors)
    }

    /// The refusal a failed run stands for: which limit it met, or what the converter said.
    func refusal(for run: Run) -> LetterRefusal { Self.refusal(for: run, tool: tool, limits: limits) }

    static func refusal(for run: Run, tool: String, limits: ConverterLimits) -> LetterRefusal {
        if run.timedOut { return .limitReached(tool: tool, limit: "took longer than \(limits.wallSeconds) s") }
        switch run.signal {
        case SIGXCPU?, SIGKILL?: return .limitReached(tool: tool, limit: "used more than \(limits.cpuSeconds) s of CPU")
        case SIGXFSZ?: return .limitReached(tool: tool, limit: "wrote more than \(limits.outputBytes / 1_000_000) MB")
        case let signal?:
            return .converterFailed(tool: tool, reason: "crashed (signal \(signal)); it may have run out of its \(limits.memoryBytes / 1_000_000) MB of memory")
        case nil:
            let said = run.errors.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return .converterFailed(tool: tool, reason: "failed (exit \(run.status ?? -1))" + (said.isEmpty ? "" : ": \(said)"))
        }
    }

    /// The tool's path in the system's folders: a converter is a system package, never the caller's PATH.
    static func which(_ tool: String) -> String? {
        for folder in ["/usr/bin", "/bin", "/usr/local/bin"] where access(folder + "/" + tool, X_OK) == 0 {
            return folder + "/" + tool
        }
        return nil
    }
}

/// Seconds on a clock that never goes back.
enum Monotonic {
    static var now: Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
