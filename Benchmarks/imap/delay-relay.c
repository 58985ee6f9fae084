/* A TCP relay that makes a local server look remote: each chunk read from either side is held RTT/2
 * before it is written to the other, so a request and its answer cross one round trip of RTT.
 *
 *     delay-relay LISTEN_PORT TARGET_HOST TARGET_PORT RTT_MS
 *
 * It listens on 127.0.0.1 only (LISTEN_PORT 0: a free port) and prints "ready PORT" once it listens.
 * It models latency, not bandwidth or the TCP window (the kernel here has no netem): what decides a
 * fetch from a server 40 ms away is how many commands a client keeps in flight, and that it shows.
 * In C, with a thread per direction reading and one writing, so the relay is never what limits the
 * rate (a Python asyncio relay topped out near 20 MB/s on the shared 2-core machine). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct chunk { struct chunk *next; double due; size_t len; char data[]; };
/* One relayed connection: the last of its four threads to end closes both sockets. */
struct connection { int client, server, threads; pthread_mutex_t lock; };
struct direction {
    struct connection *connection;
    int from, to;
    pthread_mutex_t lock;
    pthread_cond_t ready;
    struct chunk *head, *tail;
    int ended;
};

static double half;

static void leave(struct connection *c) {
    pthread_mutex_lock(&c->lock);
    int last = --c->threads == 0;
    pthread_mutex_unlock(&c->lock);
    if (last) { close(c->client); close(c->server); free(c); }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *reader(void *arg) {
    struct direction *d = arg;
    for (;;) {
        struct chunk *c = malloc(sizeof *c + (1 << 18));
        ssize_t n = read(d->from, c->data, 1 << 18);
        pthread_mutex_lock(&d->lock);
        if (n <= 0) {
            free(c);
            d->ended = 1;
            pthread_cond_signal(&d->ready);
            pthread_mutex_unlock(&d->lock);
            leave(d->connection);
            return NULL;
        }
        c->len = (size_t)n;
        c->due = now() + half;
        c->next = NULL;
        if (d->tail) d->tail->next = c; else d->head = c;
        d->tail = c;
        pthread_cond_signal(&d->ready);
        pthread_mutex_unlock(&d->lock);
    }
}

static void *writer(void *arg) {
    struct direction *d = arg;
    for (;;) {
        pthread_mutex_lock(&d->lock);
        while (!d->head && !d->ended) pthread_cond_wait(&d->ready, &d->lock);
        struct chunk *c = d->head;
        if (!c) { pthread_mutex_unlock(&d->lock); break; }
        d->head = c->next;
        if (!d->head) d->tail = NULL;
        pthread_mutex_unlock(&d->lock);
        double wait = c->due - now();
        if (wait > 0) {
            struct timespec t = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) };
            nanosleep(&t, NULL);
        }
        size_t off = 0;
        while (off < c->len) {
            ssize_t w = write(d->to, c->data + off, c->len - off);
            if (w <= 0) { free(c); goto done; }
            off += (size_t)w;
        }
        free(c);
    }
done:
    shutdown(d->to, SHUT_WR);
    leave(d->connection);
    return NULL;
}

static void start(struct connection *connection, int from, int to) {
    struct direction *d = calloc(1, sizeof *d);
    d->connection = connection;
    d->from = from;
    d->to = to;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->ready, NULL);
    pthread_t t;
    pthread_create(&t, NULL, reader, d);
    pthread_detach(t);
    pthread_create(&t, NULL, writer, d);
    pthread_detach(t);
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: delay-relay LISTEN_PORT TARGET_HOST TARGET_PORT RTT_MS\n"); return 2; }
    signal(SIGPIPE, SIG_IGN);
    half = atof(argv[4]) / 2000.0;
    struct sockaddr_in listen_at = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1])) };
    inet_pton(AF_INET, "127.0.0.1", &listen_at.sin_addr);
    struct sockaddr_in target = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3])) };
    if (inet_pton(AF_INET, argv[2], &target.sin_addr) != 1) { fprintf(stderr, "target must be an IPv4 address\n"); return 2; }
    int l = socket(AF_INET, SOCK_STREAM, 0), yes = 1;
    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (bind(l, (struct sockaddr *)&listen_at, sizeof listen_at) || listen(l, 64)) { perror("listen"); return 1; }
    socklen_t len = sizeof listen_at;
    getsockname(l, (struct sockaddr *)&listen_at, &len);
    printf("ready %d\n", ntohs(listen_at.sin_port));
    fflush(stdout);
    for (;;) {
        int client = accept(l, NULL, NULL);
        if (client < 0) continue;
        int server = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(server, (struct sockaddr *)&target, sizeof target)) { close(client); close(server); continue; }
        setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        struct connection *c = calloc(1, sizeof *c);
        c->client = client;
        c->server = server;
        c->threads = 4;
        pthread_mutex_init(&c->lock, NULL);
        start(c, client, server);
        start(c, server, client);
    }
}
