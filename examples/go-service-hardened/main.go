// Command inventory serves a small stock-level API over HTTP.
//
// It uses the standard library only, listens on -addr, and shuts down
// gracefully on SIGTERM. `inventory -healthcheck` probes a running instance
// and is what the image's HEALTHCHECK runs (the runtime image has no shell).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

type store struct {
	mu    sync.RWMutex
	items map[string]int
}

func (s *store) get(sku string) (int, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n, ok := s.items[sku]
	return n, ok
}

func (s *store) adjust(sku string, delta int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.items[sku] + delta
	if n < 0 {
		return 0, errors.New("insufficient stock")
	}
	s.items[sku] = n
	return n, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func routes(s *store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /stock/{sku}", func(w http.ResponseWriter, r *http.Request) {
		sku := strings.ToUpper(r.PathValue("sku"))
		n, ok := s.get(sku)
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown sku"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"sku": sku, "quantity": n})
	})
	mux.HandleFunc("POST /stock/{sku}/adjust", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Delta int `json:"delta"`
		}
		r.Body = http.MaxBytesReader(w, r.Body, 4096)
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid JSON body"})
			return
		}
		sku := strings.ToUpper(r.PathValue("sku"))
		n, err := s.adjust(sku, body.Delta)
		if err != nil {
			writeJSON(w, http.StatusConflict, map[string]string{"error": err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"sku": sku, "quantity": n})
	})
	return mux
}

func healthcheck(addr string) int {
	host := addr
	if strings.HasPrefix(host, ":") {
		host = "127.0.0.1" + host
	}
	client := http.Client{Timeout: 2 * time.Second}
	resp, err := client.Get("http://" + host + "/healthz")
	if err != nil {
		return 1
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func main() {
	addr := flag.String("addr", ":8080", "listen address")
	probe := flag.Bool("healthcheck", false, "probe a running instance and exit 0 if healthy")
	flag.Parse()

	if *probe {
		os.Exit(healthcheck(*addr))
	}

	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	s := &store{items: map[string]int{"WIDGET-1": 120, "GADGET-7": 15}}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           routes(s),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	go func() {
		logger.Info("listening", "addr", *addr)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("server failed", "err", err)
			os.Exit(1)
		}
	}()

	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		logger.Error("shutdown", "err", err)
	}
}
