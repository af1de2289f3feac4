FROM julia:1.10.4-bookworm

RUN useradd --create-home --uid 1000 pluto
USER pluto
WORKDIR /home/pluto
COPY --chown=1000:1000 Project.toml Manifest.toml ./
RUN julia --project=. -e 'using Pkg; Pkg.instantiate(); Pkg.precompile()'
COPY --chown=1000:1000 notebooks/ ./notebooks/
EXPOSE 1234
CMD ["julia", "--project=.", "-e", "import Pluto; Pluto.run(host=\"0.0.0.0\", port=1234, launch_browser=false)"]
