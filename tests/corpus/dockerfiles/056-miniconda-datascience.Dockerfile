FROM continuumio/miniconda3

WORKDIR /home/jovyan
COPY environment.yml .
RUN conda env create -f environment.yml
RUN echo "source activate analytics" > ~/.bashrc
ENV PATH /opt/conda/envs/analytics/bin:$PATH

RUN pip install jupyterlab
COPY notebooks/ ./notebooks/

EXPOSE 8888
CMD jupyter lab --ip=0.0.0.0 --no-browser --allow-root --NotebookApp.token=''
