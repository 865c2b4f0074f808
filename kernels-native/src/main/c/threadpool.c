/*
 * threadpool.c: the library's pthread pool and per-thread workspaces.
 *
 * One process-wide pool of workers, created lazily and grown on demand. A parallel region takes the
 * pool's lock for its duration; a caller that finds it taken (a second Java thread, or a kernel
 * called from inside a region) runs its region alone instead of waiting, so calls never deadlock and
 * concurrent callers never oversubscribe the cores. Workers spin briefly for new work, then sleep on
 * a condition variable; the caller wakes them only when some are asleep.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "internal.h"

#define GT_MAX_WORKERS 255
#define GT_SPIN 4000 /* pauses (~50 us) before a waiting thread yields or sleeps */

static inline void gt_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

typedef struct gt_pool {
    pthread_mutex_t busy;        /* held by the caller running a region */
    pthread_mutex_t sleep_lock;  /* guards sleeping */
    pthread_cond_t wake;
    int workers;                 /* started so far */
    /* The current region. `job` packs (generation << 16 | nthreads) so a worker learns both in one
     * atomic read; fn and ctx are read only by participants, and the caller rewrites them only after
     * every participant of the previous region has finished. */
    gt_task_fn fn;
    void *ctx;
    uint64_t job;
    int pending;                 /* participants of this region not yet finished */
    int sleepers;
} gt_pool;

static gt_pool pool = {
    .busy = PTHREAD_MUTEX_INITIALIZER,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
};

static void *gt_worker(void *arg) {
    /* arg packs the worker's id (>= 1: its tid in a region) and the generation current when it was
     * created: a worker that starts late must still take part in every region published since. */
    uint64_t start = (uint64_t)(uintptr_t)arg;
    int id = (int)(start & 0xFFFF);
    uint64_t seen = start >> 16;
    for (;;) {
        int spins = 0;
        while ((__atomic_load_n(&pool.job, __ATOMIC_ACQUIRE) >> 16) == seen) {
            if (++spins < GT_SPIN) {
                gt_pause();
                continue;
            }
            pthread_mutex_lock(&pool.sleep_lock);
            __atomic_add_fetch(&pool.sleepers, 1, __ATOMIC_SEQ_CST);
            while ((__atomic_load_n(&pool.job, __ATOMIC_SEQ_CST) >> 16) == seen) {
                pthread_cond_wait(&pool.wake, &pool.sleep_lock);
            }
            __atomic_sub_fetch(&pool.sleepers, 1, __ATOMIC_SEQ_CST);
            pthread_mutex_unlock(&pool.sleep_lock);
        }
        uint64_t job = __atomic_load_n(&pool.job, __ATOMIC_ACQUIRE);
        seen = job >> 16;
        int nthreads = (int)(job & 0xFFFF);
        if (id < nthreads) {
            pool.fn(pool.ctx, id, nthreads);
            __atomic_sub_fetch(&pool.pending, 1, __ATOMIC_ACQ_REL);
        }
    }
    return NULL;
}

/* Starts workers until `want` exist; returns how many do. Called with pool.busy held. */
static int gt_grow(int want) {
    if (want > GT_MAX_WORKERS) {
        want = GT_MAX_WORKERS;
    }
    while (pool.workers < want) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, 1 << 20);
        uint64_t generation = __atomic_load_n(&pool.job, __ATOMIC_RELAXED) >> 16;
        uint64_t start = generation << 16 | (uint64_t)(pool.workers + 1);
        int rc = pthread_create(&t, &attr, gt_worker, (void *)(uintptr_t)start);
        pthread_attr_destroy(&attr);
        if (rc != 0) {
            break;
        }
        pool.workers++;
    }
    return pool.workers;
}

void gt_parallel(int nthreads, gt_task_fn fn, void *ctx) {
    if (nthreads <= 1 || pthread_mutex_trylock(&pool.busy) != 0) {
        fn(ctx, 0, 1);
        return;
    }
    int workers = gt_grow(nthreads - 1);
    if (workers < nthreads - 1) {
        nthreads = workers + 1;
    }
    if (nthreads <= 1) {
        pthread_mutex_unlock(&pool.busy);
        fn(ctx, 0, 1);
        return;
    }
    pool.fn = fn;
    pool.ctx = ctx;
    __atomic_store_n(&pool.pending, nthreads - 1, __ATOMIC_RELEASE);
    uint64_t generation = (__atomic_load_n(&pool.job, __ATOMIC_RELAXED) >> 16) + 1;
    __atomic_store_n(&pool.job, generation << 16 | (uint64_t)nthreads, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&pool.sleepers, __ATOMIC_SEQ_CST) > 0) {
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
    }
    fn(ctx, 0, nthreads);
    int spins = 0;
    while (__atomic_load_n(&pool.pending, __ATOMIC_ACQUIRE) > 0) {
        if (++spins < GT_SPIN) {
            gt_pause();
        } else {
            sched_yield();
        }
    }
    pthread_mutex_unlock(&pool.busy);
}

/* ------------------------------------------------------------------ workspaces */

typedef struct gt_slots {
    void *ptr[GT_WS_SLOTS];
    size_t size[GT_WS_SLOTS];
} gt_slots;

static pthread_key_t slots_key;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void gt_slots_free(void *p) {
    gt_slots *s = p;
    for (int i = 0; i < GT_WS_SLOTS; i++) {
        free(s->ptr[i]);
    }
    free(s);
}

static void gt_slots_init(void) {
    pthread_key_create(&slots_key, gt_slots_free);
}

void *gt_workspace(int slot, size_t bytes) {
    pthread_once(&slots_once, gt_slots_init);
    gt_slots *s = pthread_getspecific(slots_key);
    if (s == NULL) {
        s = calloc(1, sizeof(gt_slots));
        if (s == NULL || pthread_setspecific(slots_key, s) != 0) {
            free(s);
            return NULL;
        }
    }
    if (s->size[slot] < bytes) {
        free(s->ptr[slot]);
        size_t rounded = (bytes + 4095) & ~(size_t)4095;
        s->ptr[slot] = aligned_alloc(64, rounded);
        s->size[slot] = s->ptr[slot] ? rounded : 0;
    }
    return s->ptr[slot];
}
