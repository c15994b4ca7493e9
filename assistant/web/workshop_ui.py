"""The trainers' workshop (Gradio Blocks at /workshop, trainer role): scenario runs and quiz mode."""

import gradio as gr


def build_workshop_ui(svc):
    with gr.Blocks(title="Workshop: policy assistant") as blocks:
        gr.HTML('<h1 style="margin:0">Trainers\' workshop</h1>')
    return blocks
