import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** A plain ECharts canvas; only the chart types the dashboard uses are bundled. */
export function Chart({ option, height = 300, onClickName, testId }: { option: object; height?: number; onClickName?: (index: number) => void; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(ref.current!);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option as never, true);
    chart.current?.off('click');
    if (onClickName) chart.current?.on('click', (p) => onClickName((p as { dataIndex: number }).dataIndex));
  }, [option, onClickName]);
  return <div ref={ref} style={{ height, width: '100%' }} data-testid={testId} />;
}
