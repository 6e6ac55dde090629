import NIOCore
import NIOPosix

/// A task executor that runs each job on the NIO event loop thread that made it runnable.
///
/// A request's work follows its I/O: the handler resumes on the loop that read the HTTP request,
/// the IMAP connection's code resumes on the loop that decoded Dovecot's answer, and the answer
/// is written from there. With Swift's default executor every one of those resumptions is a
/// hand-off to a cooperative-pool thread, which must be woken (a futex wake and a context switch
/// each, five or more per list page); here a resumption is queued behind the current event-loop
/// tick on the same thread, without a system call. Only a hand-over between two different loops
/// (the HTTP connection's and the IMAP connection's) still wakes a thread.
///
/// Jobs made runnable off the event loops (a timer, a thread of the Swift runtime) go to the next
/// loop of `group`. The server's tasks prefer this executor (`withTaskExecutorPreference`), which
/// their child tasks inherit; unstructured tasks keep Swift's default executor.
///
/// What runs here must not block: that holds for the server's work already, since a blocked
/// cooperative-pool thread starves Swift concurrency just as a blocked event loop starves I/O.
final class EventLoopTaskExecutor: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup

    init(group: MultiThreadedEventLoopGroup = .singleton) {
        self.group = group
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
