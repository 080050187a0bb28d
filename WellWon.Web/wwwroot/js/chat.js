// The conversation view's browser side: load older messages when the top sentinel scrolls into view, keep the reading position
// when they are prepended, follow new messages only when the reader is at the bottom, and let Enter send (Shift+Enter: newline).

export function attach(list, sentinel, input, dotnet) {
    let loading = false;
    const observer = new IntersectionObserver(entries => {
        if (loading || !entries.some(e => e.isIntersecting)) return;
        loading = true;
        dotnet.invokeMethodAsync('LoadOlderFromScroll', list.scrollHeight).finally(() => { loading = false; });
    }, { root: list, rootMargin: '300px 0px 0px 0px' });
    observer.observe(sentinel);

    const onKeyDown = e => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) e.preventDefault();
    };
    input?.addEventListener('keydown', onKeyDown);

    return {
        dispose() {
            observer.disconnect();
            input?.removeEventListener('keydown', onKeyDown);
        }
    };
}

export function keepPosition(list, previousScrollHeight) {
    list.scrollTop += list.scrollHeight - previousScrollHeight;
}

export function scrollToBottom(list, onlyIfNear) {
    if (!onlyIfNear || list.scrollHeight - list.scrollTop - list.clientHeight < 160) {
        list.scrollTop = list.scrollHeight;
    }
}

export function focus(element) {
    element?.focus();
}
