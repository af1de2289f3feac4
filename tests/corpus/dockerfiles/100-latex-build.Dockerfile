FROM texlive/texlive:latest

RUN tlmgr update --self && tlmgr install biblatex biber minted
RUN apt-get update && apt-get install -y python3-pygments inkscape

WORKDIR /doc
ENTRYPOINT ["latexmk", "-pdf", "-shell-escape", "-interaction=nonstopmode"]
CMD ["thesis.tex"]
